namespace Apono.Integration.Sdk.Errors;

/// <summary>The <c>errorType</c> values the SDK reports. Apono shows the type and the message of a failed event.</summary>
public static class AponoErrorType
{
    /// <summary>The request is malformed: not JSON, no <c>event_type</c>, unknown event, a missing or mistyped field, a bad custom parameter.</summary>
    public const string InvalidRequest = "InvalidRequest";

    /// <summary>The integration does not implement this event.</summary>
    public const string NotSupported = "NotSupported";

    /// <summary>A resource, permission or user named in the request does not exist.</summary>
    public const string NotFound = "NotFound";

    /// <summary>A temporary failure (a backend down or throttling); the same request may succeed later.</summary>
    public const string Transient = "Transient";

    /// <summary>The function's reply breaks the contract (e.g. duplicate resource ids); nothing was sent to Apono as success.</summary>
    public const string InvalidReply = "InvalidReply";

    /// <summary>The function did not finish before the invocation's deadline.</summary>
    public const string Timeout = "Timeout";

    /// <summary>The reply is larger than the 6,291,456 bytes Lambda accepts.</summary>
    public const string ResponseTooLarge = "ResponseTooLarge";

    /// <summary>
    /// An <see cref="AponoException"/> whose <see cref="AponoException.ErrorType"/> cannot be sent: empty, longer than
    /// 64 characters, or not made of RFC 7230 token characters (ASCII letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>).
    /// The exception's message is still reported; a warning log line says what was wrong with the type.
    /// </summary>
    public const string InvalidErrorType = "InvalidErrorType";

    /// <summary>An unexpected exception; its message is kept out of the reply and the log because it may hold secrets.</summary>
    public const string InternalError = "InternalError";
}
