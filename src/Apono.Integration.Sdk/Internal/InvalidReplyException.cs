using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Errors;

namespace Apono.Integration.Sdk.Internal;

/// <summary>The author's reply breaks the contract; reported instead of a reply Apono would mishandle.</summary>
/// <param name="message">The error message Apono shows; for people only, never parsed.</param>
/// <param name="violation">The rule the reply broke and the item, for the conformance runner; <see langword="null"/> when no rule names it (a null reply).</param>
internal sealed class InvalidReplyException(string message, ReplyViolation? violation = null) : AponoException(message)
{
    public override string ErrorType => AponoErrorType.InvalidReply;

    public ReplyViolation? Violation { get; } = violation;
}
