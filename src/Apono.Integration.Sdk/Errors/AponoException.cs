namespace Apono.Integration.Sdk.Errors;

/// <summary>
/// The base of the exceptions an integration throws to answer an event with a clear error. The SDK reports
/// <see cref="ErrorType"/> as <c>errorType</c> and <see cref="Exception.Message"/> as <c>errorMessage</c>.
/// </summary>
/// <remarks>
/// The message is shown in Apono's UI: say what went wrong and what to do, and never put a secret in it.
/// As a second line of defence the SDK replaces any custom parameter value that appears in the message with
/// <c>***</c>, and shows control, bidi and invisible characters as <c>\uXXXX</c>. Any other exception is reported as <see cref="AponoErrorType.InternalError"/> without its message.
/// </remarks>
public abstract class AponoException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    /// <param name="innerException">The cause, logged by type and stack trace only.</param>
    protected AponoException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the <c>errorType</c> reported to Apono, one of <see cref="AponoErrorType"/> or a type of the author's.</summary>
    /// <remarks>
    /// The type travels in the <c>Lambda-Runtime-Function-Error-Type</c> header, so it must be 1 to 64 RFC 7230 token
    /// characters (ASCII letters, digits and <c>!#$%&amp;'*+-.^_`|~</c>), e.g. <c>QuotaExceeded</c>. Any other value is
    /// reported as <see cref="AponoErrorType.InvalidErrorType"/> with a warning log line; it never reaches a header.
    /// </remarks>
    public abstract string ErrorType { get; }

    /// <summary>Gets a value indicating whether the same request may succeed when Apono retries it.</summary>
    public virtual bool IsRetryable => false;
}
