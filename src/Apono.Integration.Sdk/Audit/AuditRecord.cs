namespace Apono.Integration.Sdk.Audit;

/// <summary>
/// What one access-changing invocation asked for and how it ended: the fields of the <c>"record":"apono.audit"</c>
/// line in the function's log stream, and what each <see cref="IAuditSink"/> receives.
/// </summary>
/// <remarks>
/// It never carries a custom parameter value, a secret or a reply (no password of create-credentials). The text fields
/// come from the request as Apono sent it, with characters that could hide or reorder what a reader sees (control,
/// bidi and invisible characters) replaced by visible <c>\uXXXX</c> escapes, as in every other log line.
/// </remarks>
public sealed class AuditRecord
{
    /// <summary>The <see cref="Outcome"/> of an invocation that succeeded: <c>"ok"</c>.</summary>
    public const string OkOutcome = "ok";

    /// <summary>Gets when the invocation ended (the function's clock).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the Lambda request id of the invocation.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the event's wire name, e.g. <c>grant-access</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>Gets the request's <c>grant_id</c>; <see langword="null"/> when a credentials request carried none.</summary>
    public string? GrantId { get; init; }

    /// <summary>Gets the request's <c>resource_type</c>.</summary>
    public required string ResourceType { get; init; }

    /// <summary>Gets the request's <c>username</c> as given (escaped as the remarks say).</summary>
    public required string Username { get; init; }

    /// <summary>Gets the request's resource ids, in the request's order.</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>Gets the request's <c>permission</c>; <see langword="null"/> when a credentials request carried none.</summary>
    public string? Permission { get; init; }

    /// <summary>Gets <see cref="OkOutcome"/> when the invocation succeeded, else the <c>errorType</c> it answered (e.g. <c>Timeout</c>).</summary>
    public required string Outcome { get; init; }

    /// <summary>Gets how long the SDK took from receiving the request to having the answer.</summary>
    public required TimeSpan Duration { get; init; }
}
