namespace Apono.Integration.Sdk.Internal;

/// <summary>
/// What a host gives <see cref="InvocationPipeline.InvokeAsync(ReadOnlyMemory{byte}, Routing.InvocationMetadata, IAnswerTakeover?, CancellationToken)"/> so that an invocation is answered at its deadline even
/// while the author's method still holds the thread that started it (a <c>Thread.Sleep</c> or <c>.Result</c> before its
/// first <c>await</c>): the pipeline runs author methods inline on the invoking thread, so that thread, and whatever
/// the host would do next on it, is stuck until the method returns.
/// </summary>
internal interface IAnswerTakeover
{
    /// <summary>
    /// Called at most once per invocation, from the deadline timer's thread (or the host token's canceller), when the
    /// invocation timed out while its author method had not yet returned to the invoking thread. The host posts
    /// <paramref name="answer"/> and goes on on another thread; it must not block. The stuck
    /// <see cref="InvocationPipeline.InvokeAsync(ReadOnlyMemory{byte}, Routing.InvocationMetadata, IAnswerTakeover?, CancellationToken)"/> call returns later, when the method returns, with
    /// <see cref="InvocationResult.TakenOver"/> set: the host must then not post that invocation's answer again.
    /// </summary>
    void TakeOver(string requestId, InvocationResult answer);
}
