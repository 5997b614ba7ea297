namespace Apono.Integration.Sdk.Errors;

/// <summary>A resource, permission or user named in the request does not exist. Reported as <c>NotFound</c>.</summary>
public sealed class ResourceNotFoundException : AponoException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    public ResourceNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with its cause.</summary>
    /// <param name="message">The message shown to Apono users; no secrets.</param>
    /// <param name="innerException">The cause, logged by type and stack trace only.</param>
    public ResourceNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc/>
    public override string ErrorType => AponoErrorType.NotFound;
}
