namespace Apono.Integration.Sdk.Audit;

/// <summary>
/// Receives the <see cref="AuditRecord"/> of every access-changing invocation (grant-access, revoke-access,
/// create-credentials, reset-credentials, delete-credentials), whatever its outcome, so a team can also send it to a
/// queue, a database or a SIEM. The record is still written to the function's log stream; a sink adds a copy.
/// </summary>
/// <remarks>
/// <para>Register sinks as singletons in <c>ConfigureServices</c>: <c>services.AddSingleton&lt;IAuditSink, MySink&gt;()</c>.
/// Every registered sink is called once per record, after the author's method has finished and before the answer is
/// sent, each on a thread-pool thread.</para>
/// <para>A sink can never change the answer: one that throws, or does not finish within
/// <see cref="Routing.AponoTelemetryOptions.AuditSinkTimeout"/> (or half the time left before the invocation's deadline,
/// if that is less), is counted in the <c>AuditSinkFailures</c> metric and logged by its type name and the exception's
/// type name only; the answer goes out unchanged. A sink that timed out is not awaited further and its
/// cancellation token is cancelled.</para>
/// </remarks>
public interface IAuditSink
{
    /// <summary>Delivers one record.</summary>
    /// <param name="record">The record; the same instance is given to every sink.</param>
    /// <param name="cancellationToken">Cancelled when the sink's time is up.</param>
    /// <returns>A task that completes when the record is delivered.</returns>
    ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken);
}
