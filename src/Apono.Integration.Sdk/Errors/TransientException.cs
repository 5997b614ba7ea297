namespace Apono.Integration.Sdk.Errors;

/// <summary>A temporary failure, such as a backend that is down or throttling; Apono may retry. Reported as <c>Transient</c>.</summary>
public sealed class TransientException : AponoException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    public TransientException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with its cause.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    /// <param name="innerException">The cause, logged by type and stack trace only.</param>
    public TransientException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override string ErrorType => AponoErrorType.Transient;

    /// <inheritdoc/>
    public override bool IsRetryable => true;
}
