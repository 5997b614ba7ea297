using System.Text.Json;

namespace Apono.Integration.Sdk.Testing;

/// <summary>Creates <see cref="IAponoInvoker"/>s over handlers that are not an <see cref="AponoTestHost"/>.</summary>
public static class AponoInvoker
{
    /// <summary>Wraps a handler that takes the request envelope JSON and returns the reply JSON.</summary>
    /// <param name="handler">The handler. A returned JSON object with an <c>errorType</c> property is read as an error
    /// (the shape Lambda reports a function error in); an exception thrown by the handler is an error whose type is the
    /// exception's type name (its message is left out: it may hold a secret).</param>
    /// <returns>The invoker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    public static IAponoInvoker FromDelegate(Func<string, CancellationToken, Task<string>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new DelegateInvoker(handler);
    }

    private sealed class DelegateInvoker(Func<string, CancellationToken, Task<string>> handler) : IAponoInvoker
    {
        public async Task<AponoTestResult> InvokeAsync(string json, CancellationToken cancellationToken = default)
        {
            string reply;
            try
            {
                reply = await handler(json, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var type = ex.GetType().Name;
                return AponoTestResult.Failure(type, $"The handler threw {type}.");
            }

            return Classify(reply ?? "null");
        }

        private static AponoTestResult Classify(string reply)
        {
            try
            {
                using var document = JsonDocument.Parse(reply);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errorType"u8, out var errorType))
                {
                    var message = root.TryGetProperty("errorMessage"u8, out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    return new AponoTestResult(false, reply, errorType.ValueKind == JsonValueKind.String ? errorType.GetString() : null, message);
                }
            }
            catch (JsonException)
            {
                // Not JSON: still a "successful" answer; the conformance suite reports that the reply is not valid JSON.
            }

            return new AponoTestResult(true, reply, null, null);
        }
    }
}
