using Apono.Integration.Sdk.Conformance;

namespace Apono.Integration.Sdk.Internal;

/// <summary>The outcome of one invocation: the reply JSON, or the error JSON with its type and message.</summary>
internal readonly record struct InvocationResult(bool IsSuccess, ReadOnlyMemory<byte> Body, string? ErrorType, string? ErrorMessage)
{
    /// <summary>
    /// Gets a value indicating whether this answer was already handed to the host's <see cref="IAnswerTakeover"/> at the
    /// deadline (the author's method held the invoking thread then): the host must not post it again.
    /// </summary>
    public bool TakenOver { get; init; }

    /// <summary>Gets the rule an <c>InvalidReply</c> broke and its item, as the reply validator found them; never on the wire.</summary>
    public ReplyViolation? Violation { get; init; }

    public static InvocationResult Success(ReadOnlyMemory<byte> body) => new(true, body, null, null);

    public static InvocationResult Failure(string errorType, string errorMessage)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128 + errorMessage.Length);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
        {
            ReplyWriter.WriteError(writer, errorType, errorMessage);
        }

        return new(false, buffer.WrittenMemory, errorType, errorMessage);
    }
}
