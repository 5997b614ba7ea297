using Microsoft.Extensions.Compliance.Redaction;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// The masking primitive: replaces whatever it is given with <c>***</c>, whatever its length (so a mask never tells
/// how long the secret was). It is the SDK's mask unless the function registers
/// <c>Microsoft.Extensions.Compliance.Redaction</c> (<c>services.AddRedaction(...)</c> in ConfigureServices) and sets a
/// redactor for <see cref="AponoDataClassifications.Secret"/>.
/// </summary>
internal sealed class SecretMaskRedactor : Redactor
{
    public const string Mask = "***";

    public static SecretMaskRedactor Instance { get; } = new();

    public override int GetRedactedLength(ReadOnlySpan<char> input) => Mask.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        Mask.AsSpan().CopyTo(destination);
        return Mask.Length;
    }
}
