namespace Apono.Integration.Sdk.Errors;

/// <summary>The integration does not implement the event. Reported as <c>NotSupported</c>.</summary>
public sealed class EventNotSupportedException : AponoException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    public EventNotSupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with its cause.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    /// <param name="innerException">The cause, logged by type and stack trace only.</param>
    public EventNotSupportedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override string ErrorType => AponoErrorType.NotSupported;
}
