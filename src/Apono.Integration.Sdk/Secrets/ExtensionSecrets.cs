using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Diagnostics;

namespace Apono.Integration.Sdk.Secrets;

/// <summary>
/// <see cref="IAponoSecrets"/> over the AWS Parameters and Secrets Lambda Extension's local HTTP interface
/// (<c>GET /secretsmanager/get?secretId=</c>, <c>GET /systemsmanager/parameters/get?name=&amp;withDecryption=true</c>,
/// header <c>X-Aws-Parameters-Secrets-Token</c>), with a per-environment cache; outside Lambda, the local
/// <c>Value</c>/<c>File</c> fallback.
/// </summary>
/// <remarks>
/// The retry is a small loop rather than <c>Microsoft.Extensions.Http.Resilience</c>: three attempts against localhost
/// do not justify loading Polly and its telemetry into every function's cold start.
/// </remarks>
internal sealed class ExtensionSecrets : IAponoSecrets
{
    internal const string TokenHeader = "X-Aws-Parameters-Secrets-Token";

    private const int MaxNameShown = 64;

    private readonly AponoSecretsSettings settings;
    private readonly IHttpClientFactory httpClientFactory;
    private readonly SecretRegistry registry;
    private readonly TimeProvider timeProvider;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Slot> slots = new(StringComparer.OrdinalIgnoreCase);

    public ExtensionSecrets(AponoSecretsSettings settings, IHttpClientFactory httpClientFactory, SecretRegistry registry, TimeProvider timeProvider)
    {
        this.settings = settings;
        this.httpClientFactory = httpClientFactory;
        this.registry = registry;
        this.timeProvider = timeProvider;
    }

    public async ValueTask<SecretString> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!settings.Sources.TryGetValue(name, out var source))
        {
            throw Unknown(name);
        }

        Task<SecretString> pending;
        lock (gate)
        {
            if (!slots.TryGetValue(source.Name, out var slot))
            {
                slot = new Slot();
                slots[source.Name] = slot;
            }

            if (slot.Value is { } cached && timeProvider.GetUtcNow() < slot.Expires)
            {
                return cached;
            }

            // One fetch for all concurrent callers. It is not tied to any caller's token (one caller giving up must
            // not fail the others); the per-attempt timeout bounds it.
            pending = slot.Pending ??= Task.Run(() => FetchAndStoreAsync(source, slot), CancellationToken.None);
        }

        return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SecretString> FetchAndStoreAsync(SecretSource source, Slot slot)
    {
        try
        {
            var value = await FetchAsync(source).ConfigureAwait(false);
            registry.Add(value.Reveal());
            lock (gate)
            {
                slot.Value = value;
                slot.Expires = timeProvider.GetUtcNow() + settings.CacheTtl;
                slot.Pending = null;
            }

            return value;
        }
        catch
        {
            // Failures are not cached: the next caller asks again.
            lock (gate)
            {
                slot.Pending = null;
            }

            throw;
        }
    }

    private async Task<SecretString> FetchAsync(SecretSource source)
    {
        if (settings.Problem is { } problem)
        {
            throw Fail(source, null, false, problem);
        }

        if (source.SecretId is not null && source.Parameter is not null)
        {
            throw Fail(source, null, false, $"{Key(source, "SecretId")} and {Key(source, "Parameter")} are both set; keep one.");
        }

        if (!settings.UnderLambda)
        {
            return await LocalAsync(source).ConfigureAwait(false);
        }

        if (source.SecretId is null && source.Parameter is null)
        {
            var local = source.Value is not null || source.File is not null
                ? $" {Key(source, "Value")} and {Key(source, "File")} are for local runs only."
                : string.Empty;
            throw Fail(source, null, false,
                $"neither {Key(source, "SecretId")} (Secrets Manager) nor {Key(source, "Parameter")} (SSM Parameter Store) is set in the function's environment.{local}");
        }

        if (settings.SessionToken is null)
        {
            throw Fail(source, null, false, "AWS_SESSION_TOKEN is not set, and the Parameters and Secrets extension requires it; Lambda sets it for the function's role.");
        }

        return await FromExtensionAsync(source).ConfigureAwait(false);
    }

    private static async Task<SecretString> LocalAsync(SecretSource source)
    {
        string? text;
        if (source.Value is not null)
        {
            text = source.Value;
        }
        else if (source.File is not null)
        {
            try
            {
                text = await File.ReadAllTextAsync(source.File, Encoding.UTF8).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw Fail(source, null, false, $"the file set in {Key(source, "File")} could not be read ({ex.GetType().Name}).");
            }

            // `echo secret > file` adds a line break that is not part of the secret.
            text = text.TrimEnd('\r', '\n');
        }
        else
        {
            throw Fail(source, null, false,
                $"outside Lambda (AWS_LAMBDA_RUNTIME_API is not set) the extension is not there: set {Key(source, "Value")} or {Key(source, "File")} for local runs.");
        }

        return text.Length == 0
            ? throw Fail(source, null, false, "its local value is empty.")
            : new SecretString(text);
    }

    private async Task<SecretString> FromExtensionAsync(SecretSource source)
    {
        var path = source.IsSecretsManager
            ? "/secretsmanager/get?secretId=" + Uri.EscapeDataString(source.SecretId!)
                + (source.VersionStage is { } stage ? "&versionStage=" + Uri.EscapeDataString(stage) : string.Empty)
            : "/systemsmanager/parameters/get?name=" + Uri.EscapeDataString(source.Parameter!) + "&withDecryption=true";
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{settings.Host}:{settings.Port}{path}"));
        var client = httpClientFactory.CreateClient(AponoSecretsServiceCollectionExtensions.HttpClientName);

        var attempts = Math.Max(1, settings.MaxAttempts);
        AponoSecretException? last = null;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1 && settings.RetryDelay > TimeSpan.Zero)
            {
                await Task.Delay(settings.RetryDelay * Math.Pow(2, attempt - 2), timeProvider).ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(settings.RequestTimeout, timeProvider);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation(TokenHeader, settings.SessionToken);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                last = Fail(source, null, true, string.Create(CultureInfo.InvariantCulture,
                    $"could not connect to the Parameters and Secrets extension on {settings.Host}:{settings.Port} ({attempts} attempts): add the AWS-Parameters-and-Secrets-Lambda-Extension layer to the function, or set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT to the port it listens on."), ex);
                continue;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                last = Fail(source, null, true, string.Create(CultureInfo.InvariantCulture,
                    $"the Parameters and Secrets extension did not answer within {settings.RequestTimeout.TotalSeconds:0.###} s ({attempts} attempts); retry, or raise AponoSecrets:RequestTimeout."));
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false);
                    return Parse(source, body);
                }

                if (status >= 500)
                {
                    last = Fail(source, status, true, string.Create(CultureInfo.InvariantCulture,
                        $"the Parameters and Secrets extension answered {Status(response)} on each of {attempts} attempts: it is failing or cannot reach AWS. Its own lines in the function's CloudWatch log say why; then retry."));
                    continue;
                }

                if (status == 400 && await IsNotReadyAsync(response).ConfigureAwait(false))
                {
                    last = Fail(source, status, true, string.Create(CultureInfo.InvariantCulture,
                        $"the Parameters and Secrets extension was still starting (400, not ready) after {attempts} attempts; retry."));
                    continue;
                }

                throw status switch
                {
                    401 or 403 => Fail(source, status, false,
                        $"the Parameters and Secrets extension answered {Status(response)}. Check that the function's role may call {source.IamAction} on the {source.Kind} set in {source.IdKey} (and kms:Decrypt on its KMS key if it uses a customer managed key), and that AWS_SESSION_TOKEN is the function's own."),
                    404 => Fail(source, status, false,
                        $"the Parameters and Secrets extension answered {Status(response)}: no {source.Kind} has the id set in {source.IdKey}{(source.VersionStage is null ? string.Empty : $" (with {Key(source, "VersionStage")})")}; check the name or ARN and the region."),
                    400 => Fail(source, status, false,
                        $"the Parameters and Secrets extension answered {Status(response)}: check {source.IdKey}{(source.VersionStage is null ? string.Empty : $" and {Key(source, "VersionStage")}")}."),
                    _ => Fail(source, status, false,
                        $"the Parameters and Secrets extension answered {Status(response)}: check {source.IdKey}."),
                };
            }
        }

        throw last!;
    }

    private static SecretString Parse(SecretSource source, byte[] body)
    {
        string? value;
        try
        {
            value = source.IsSecretsManager
                ? JsonSerializer.Deserialize(body, ExtensionJsonContext.Default.SecretsManagerSecretValue) is { } secret
                    ? secret.SecretString ?? secret.SecretBinary
                    : null
                : JsonSerializer.Deserialize(body, ExtensionJsonContext.Default.SsmGetParameterResult)?.Parameter?.Value;
        }
        catch (JsonException)
        {
            // No inner exception: its message could quote part of the body.
            value = null;
        }

        if (string.IsNullOrEmpty(value))
        {
            throw Fail(source, 200, false, source.IsSecretsManager
                ? "the Parameters and Secrets extension answered 200 without a SecretString or SecretBinary."
                : "the Parameters and Secrets extension answered 200 without Parameter.Value.");
        }

        return new SecretString(value);
    }

    /// <summary>The extension answers 400 with "not ready to serve traffic" while it is still starting.</summary>
    private static async Task<bool> IsNotReadyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
        return text.Contains("not ready", StringComparison.OrdinalIgnoreCase);
    }

    private static string Status(HttpResponseMessage response) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} ({ReasonPhrase(response.StatusCode)})");

    private static string ReasonPhrase(HttpStatusCode code) => code switch
    {
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.GatewayTimeout => "Gateway Timeout",
        _ => "HTTP " + ((int)code).ToString(CultureInfo.InvariantCulture),
    };

    private static string Key(SecretSource source, string member) => $"{AponoSecretsSettings.Section}:{source.Name}:{member}";

    private static AponoSecretException Fail(SecretSource source, int? status, bool retryable, string what, Exception? inner = null) =>
        new(source.Name, status, retryable, $"AponoSecrets '{source.Name}': {what}", inner);

    private AponoSecretException Unknown(string name)
    {
        var shown = name.Length > MaxNameShown ? string.Concat(name.AsSpan(0, MaxNameShown), "…") : name;
        var configured = settings.Sources.Count == 0
            ? "none is configured"
            : "configured: " + string.Join(", ", settings.Sources.Keys.Order(StringComparer.OrdinalIgnoreCase));
        return new AponoSecretException(shown, null, false,
            $"AponoSecrets has no secret named '{shown}' ({configured}). Set AponoSecrets__{shown}__SecretId (Secrets Manager) or AponoSecrets__{shown}__Parameter (SSM Parameter Store) in the function's environment.");
    }

    private sealed class Slot
    {
        public SecretString? Value { get; set; }

        public DateTimeOffset Expires { get; set; }

        public Task<SecretString>? Pending { get; set; }
    }
}
