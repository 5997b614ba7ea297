using Apono.Integration.Sdk.Errors;

namespace Apono.Integration.Sdk.Internal;

/// <summary>The reply would exceed what Lambda accepts from a synchronous invocation.</summary>
internal sealed class ResponseTooLargeException(string message) : AponoException(message)
{
    public override string ErrorType => AponoErrorType.ResponseTooLarge;
}
