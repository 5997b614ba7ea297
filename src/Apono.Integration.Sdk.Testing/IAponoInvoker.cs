namespace Apono.Integration.Sdk.Testing;

/// <summary>Sends one raw request envelope to a function and returns its answer: what the conformance suite drives.</summary>
/// <remarks>
/// <see cref="AponoTestHost"/> implements it over the SDK pipeline; <see cref="AponoInvoker.FromDelegate"/> wraps any
/// other handler (a deployed function, a hand-written one) so the same suite can check it.
/// </remarks>
public interface IAponoInvoker
{
    /// <summary>Sends a request envelope, exactly as given, and returns the reply or the error.</summary>
    /// <param name="json">The request envelope, e.g. <c>{"event_type":"get-status","params":{}}</c>. May be malformed on purpose.</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <returns>The outcome; an error is a result with <see cref="AponoTestResult.IsSuccess"/> <see langword="false"/>, not an exception.</returns>
    Task<AponoTestResult> InvokeAsync(string json, CancellationToken cancellationToken = default);
}
