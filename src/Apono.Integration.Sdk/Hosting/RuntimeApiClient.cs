using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>The Lambda Runtime API (version 2018-06-01) over HTTP on the sandbox's loopback endpoint.</summary>
internal sealed class RuntimeApiClient : IDisposable
{
    internal const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeHeaderValue ErrorMediaType = new(ErrorContentType);

    private readonly HttpClient http;

    /// <param name="endpoint">The <c>host:port</c> from <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    public RuntimeApiClient(string endpoint)
    {
        http = new HttpClient(new SocketsHttpHandler
        {
            // The Runtime API is on loopback: a proxy from HTTP_PROXY must never be used for it.
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = new Uri($"http://{endpoint}/2018-06-01/", UriKind.Absolute),
            // No client timeout, not even on the long poll of /next: Lambda freezes the sandbox while it waits for the
            // next event (minutes or hours); a timer would fire on thaw and fail a perfectly good request.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Waits for the next event.</summary>
    /// <exception cref="RuntimeApiException">The Runtime API answered with an error status, or without a request id.</exception>
    /// <exception cref="HttpRequestException">The connection was refused or reset.</exception>
    public async Task<RuntimeInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("runtime/invocation/next", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException(
                string.Create(CultureInfo.InvariantCulture, $"GET /runtime/invocation/next answered {(int)response.StatusCode} {response.ReasonPhrase}"),
                response.StatusCode);
        }

        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new RuntimeApiException("GET /runtime/invocation/next answered an event without Lambda-Runtime-Aws-Request-Id");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : (DateTimeOffset?)null;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new RuntimeInvocation(
            new InvocationMetadata(requestId, deadline)
            {
                InvokedFunctionArn = Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
                TraceId = Header(response, "Lambda-Runtime-Trace-Id"),
                ClientContext = Header(response, "Lambda-Runtime-Client-Context"),
                CognitoIdentity = Header(response, "Lambda-Runtime-Cognito-Identity"),
            },
            body);
    }

    /// <summary>Posts the reply of an invocation; returns the Runtime API's status (202 when accepted).</summary>
    public Task<HttpStatusCode> PostResponseAsync(string requestId, ReadOnlyMemory<byte> reply, CancellationToken cancellationToken) =>
        PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", reply, JsonContentType, errorType: null, cancellationToken);

    /// <summary>Posts an invocation error (<c>{"errorType","errorMessage"}</c>) with the <c>Lambda-Runtime-Function-Error-Type</c> header.</summary>
    public Task<HttpStatusCode> PostErrorAsync(string requestId, string errorType, ReadOnlyMemory<byte> error, CancellationToken cancellationToken) =>
        PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", error, ErrorMediaType, errorType, cancellationToken);

    /// <summary>Posts a start-up failure; Lambda then reports the environment as failed to initialize.</summary>
    public Task<HttpStatusCode> PostInitErrorAsync(ReadOnlyMemory<byte> error, CancellationToken cancellationToken) =>
        PostAsync("runtime/init/error", error, ErrorMediaType, errorType: null, cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task<HttpStatusCode> PostAsync(string path, ReadOnlyMemory<byte> body, MediaTypeHeaderValue contentType, string? errorType, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = contentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (errorType is not null)
        {
            // The pipeline already checked it; checked again here because a header is never built from unchecked text
            // (a CR/LF would add a header, a non-ASCII character would fail the POST and leave the event unanswered).
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", ErrorTypeRule.IsValid(errorType) ? errorType : AponoErrorType.InvalidErrorType);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() is { Length: > 0 } value ? value : null : null;
}
