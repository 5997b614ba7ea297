namespace Apono.Integration.Sdk.Routing;

/// <summary>
/// Thrown by <see cref="AponoIntegrationFunction.FunctionHandler"/> when an event fails, so that a runtime calling
/// the handler directly reports a function error.
/// </summary>
/// <remarks>
/// AWS's managed runtime reports the exception's type name as <c>errorType</c>; the SDK's own host reports
/// <see cref="ErrorType"/> instead.
/// </remarks>
public sealed class AponoInvocationException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="errorType">The SDK's error type, e.g. <c>InvalidRequest</c>.</param>
    /// <param name="message">The error message, free of secrets.</param>
    public AponoInvocationException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    /// <summary>Gets the SDK's error type, one of <see cref="Errors.AponoErrorType"/> or an author's.</summary>
    public string ErrorType { get; }
}
