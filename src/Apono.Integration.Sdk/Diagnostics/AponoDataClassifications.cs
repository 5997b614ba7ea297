using Microsoft.Extensions.Compliance.Classification;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>The data classifications the SDK redacts by, for <c>Microsoft.Extensions.Compliance.Redaction</c>.</summary>
public static class AponoDataClassifications
{
    /// <summary>The taxonomy name of the SDK's classifications: <c>Apono</c>.</summary>
    public const string TaxonomyName = "Apono";

    /// <summary>
    /// Gets the classification of secrets: declared or secret-looking custom parameters, issued credentials and the
    /// function's own secrets. Every log line and error message masks them with the redactor set for this
    /// classification, <c>***</c> unless the function sets another in ConfigureServices, for example
    /// <c>services.AddRedaction(r =&gt; r.SetRedactor&lt;MyRedactor&gt;(AponoDataClassifications.Secret))</c>.
    /// (With <c>AddRedaction</c> and no redactor set for this classification, the library's fallback, which erases,
    /// is used.) It does not make a value secret by itself: which values are secret is decided by the custom parameters'
    /// declarations and names.
    /// </summary>
    public static DataClassification Secret { get; } = new(TaxonomyName, "Secret");
}
