namespace Apono.Integration.Sdk.Errors;

/// <summary>The request cannot be handled as sent: a missing or malformed field or custom parameter. Reported as <c>InvalidRequest</c>.</summary>
public sealed class InvalidRequestException : AponoException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    public InvalidRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with its cause.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    /// <param name="innerException">The cause, logged by type and stack trace only.</param>
    public InvalidRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override string ErrorType => AponoErrorType.InvalidRequest;
}
