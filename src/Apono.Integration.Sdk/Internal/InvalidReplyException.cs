using Apono.Integration.Sdk.Errors;

namespace Apono.Integration.Sdk.Internal;

/// <summary>The author's reply breaks the contract; reported instead of a reply Apono would mishandle.</summary>
internal sealed class InvalidReplyException(string message) : AponoException(message)
{
    public override string ErrorType => AponoErrorType.InvalidReply;
}
