using System.Net;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>The Runtime API answered <c>/next</c> with an error status or an unusable event: the environment cannot go on.</summary>
internal sealed class RuntimeApiException(string message, HttpStatusCode? statusCode = null) : Exception(message)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
}
