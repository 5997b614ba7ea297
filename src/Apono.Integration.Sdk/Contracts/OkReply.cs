namespace Apono.Integration.Sdk.Contracts;

/// <summary>
/// The reply <c>{ "status": "ok" }</c> to <c>grant-access</c>, <c>revoke-access</c> and <c>delete-credentials</c>.
/// </summary>
/// <remarks>
/// Returning it tells Apono the change happened. When it did not, throw an
/// <see cref="Errors.AponoException"/> instead.
/// </remarks>
public sealed class OkReply
{
    private OkReply()
    {
    }

    /// <summary>Gets the reply.</summary>
    public static OkReply Instance { get; } = new();

    /// <summary>Gets the status, always <c>ok</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A property of the reply, as on the wire.")]
    public string Status => "ok";

    /// <inheritdoc/>
    public override string ToString() => "OkReply { Status = ok }";
}
