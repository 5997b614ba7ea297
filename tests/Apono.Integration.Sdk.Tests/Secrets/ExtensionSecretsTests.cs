using System.Net;
using System.Net.Sockets;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Secrets;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apono.Integration.Sdk.Tests.Secrets;

public sealed class ExtensionSecretsTests : IAsyncLifetime
{
    private const string AdminPassword = "Adm1n-P@ss+w/rd=";
    private readonly SecretRegistry registry = new();
    private FakeSecretsExtension fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeSecretsExtension.StartAsync();
        fake.Secrets["prod/db-admin"] = AdminPassword;
        fake.StagedSecrets["prod/db-admin|AWSPREVIOUS"] = "old-password";
        fake.Secrets["prod/cert"] = "binary:AAEC/w==";
        fake.Parameters["/apono/api-token"] = ("ssm-token-value", true);
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task GetAsync_SecretsManagerSecret_ReturnsTheValueAndRegistersItForRedaction()
    {
        var secrets = Create(("db:SecretId", "prod/db-admin"));

        var secret = await secrets.GetAsync("db", CancellationToken.None);

        Assert.Equal(AdminPassword, secret.Reveal());
        Assert.Equal([AdminPassword], registry.Secrets);
        Assert.Equal(["/secretsmanager/get?secretId=prod%2Fdb-admin"], fake.Requests);
    }

    [Fact]
    public async Task GetAsync_NameInAnotherCase_FindsTheConfiguredName()
    {
        var secrets = Create(("DbAdmin:SecretId", "prod/db-admin"));

        Assert.Equal(AdminPassword, (await secrets.GetAsync("dbadmin", CancellationToken.None)).Reveal());
    }

    [Fact]
    public async Task GetAsync_VersionStage_AsksForThatStage()
    {
        var secrets = Create(("db:SecretId", "prod/db-admin"), ("db:VersionStage", "AWSPREVIOUS"));

        Assert.Equal("old-password", (await secrets.GetAsync("db", CancellationToken.None)).Reveal());
        Assert.Equal(["/secretsmanager/get?secretId=prod%2Fdb-admin&versionStage=AWSPREVIOUS"], fake.Requests);
    }

    [Fact]
    public async Task GetAsync_BinarySecret_ReturnsItsBase64Text()
    {
        var secrets = Create(("cert:SecretId", "prod/cert"));

        Assert.Equal("AAEC/w==", (await secrets.GetAsync("cert", CancellationToken.None)).Reveal());
    }

    [Fact]
    public async Task GetAsync_SsmSecureString_AsksWithDecryptionAndReturnsThePlainValue()
    {
        var secrets = Create(("api:Parameter", "/apono/api-token"));

        var secret = await secrets.GetAsync("api", CancellationToken.None);

        Assert.Equal("ssm-token-value", secret.Reveal());
        Assert.Equal(["ssm-token-value"], registry.Secrets);
        Assert.Equal(["/systemsmanager/parameters/get?name=%2Fapono%2Fapi-token&withDecryption=true"], fake.Requests);
    }

    [Fact]
    public async Task GetAsync_UnknownName_NamesItAndTheConfiguredNamesAndAsksNothing()
    {
        var secrets = Create(("db:SecretId", "prod/db-admin"), ("api:Parameter", "/apono/api-token"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("ldap", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets has no secret named 'ldap' (configured: api, db). Set AponoSecrets__ldap__SecretId (Secrets Manager) or AponoSecrets__ldap__Parameter (SSM Parameter Store) in the function's environment.",
            error.Message);
        Assert.Equal(AponoErrorType.InternalError, error.ErrorType);
        Assert.Equal(0, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_WrongSessionToken_Answers401AndSaysWhatToCheckWithoutTheTokenOrId()
    {
        var secrets = Create(settings => settings.SessionToken = "stale-token", ("db:SecretId", "prod/db-admin"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets 'db': the Parameters and Secrets extension answered 401 (Unauthorized). Check that the function's role may call secretsmanager:GetSecretValue on the Secrets Manager secret set in AponoSecrets:db:SecretId (and kms:Decrypt on its KMS key if it uses a customer managed key), and that AWS_SESSION_TOKEN is the function's own.",
            error.Message);
        Assert.Equal(401, error.StatusCode);
        Assert.False(error.IsRetryable);
        Assert.DoesNotContain("stale-token", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("prod/db-admin", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(registry.Secrets);
    }

    [Fact]
    public async Task GetAsync_AccessDenied_Answers403AndNamesTheSsmPermission()
    {
        fake.Enqueue(403, "AccessDeniedException: not authorized to perform ssm:GetParameter");
        var secrets = Create(("api:Parameter", "/apono/api-token"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("api", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets 'api': the Parameters and Secrets extension answered 403 (Forbidden). Check that the function's role may call ssm:GetParameter on the SSM parameter set in AponoSecrets:api:Parameter (and kms:Decrypt on its KMS key if it uses a customer managed key), and that AWS_SESSION_TOKEN is the function's own.",
            error.Message);
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_UnknownId_Answers404AndIsNotRetried()
    {
        var secrets = Create(("db:SecretId", "prod/missing"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets 'db': the Parameters and Secrets extension answered 404 (Not Found): no Secrets Manager secret has the id set in AponoSecrets:db:SecretId; check the name or ARN and the region.",
            error.Message);
        Assert.Equal(AponoErrorType.InternalError, error.ErrorType);
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_BadRequest_Answers400AndIsNotRetried()
    {
        fake.Enqueue(400, "InvalidParameterException");
        var secrets = Create(("db:SecretId", "prod/db-admin"), ("db:VersionStage", "bogus"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets 'db': the Parameters and Secrets extension answered 400 (Bad Request): check AponoSecrets:db:SecretId and AponoSecrets:db:VersionStage.",
            error.Message);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_ServerErrorOnEveryAttempt_IsTransientAfterThreeAttempts()
    {
        for (var i = 0; i < 3; i++)
        {
            fake.Enqueue(500, "internal error");
        }

        var secrets = Create(("db:SecretId", "prod/db-admin"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets 'db': the Parameters and Secrets extension answered 500 (Internal Server Error) on each of 3 attempts: it is failing or cannot reach AWS. Its own lines in the function's CloudWatch log say why; then retry.",
            error.Message);
        Assert.Equal(AponoErrorType.Transient, error.ErrorType);
        Assert.True(error.IsRetryable);
        Assert.Equal(3, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_ServerErrorThenSuccess_ReturnsTheValue()
    {
        fake.Enqueue(503);
        var secrets = Create(("db:SecretId", "prod/db-admin"));

        Assert.Equal(AdminPassword, (await secrets.GetAsync("db", CancellationToken.None)).Reveal());
        Assert.Equal(2, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_ExtensionStillStarting_RetriesUntilItIsReady()
    {
        fake.Enqueue(400, FakeSecretsExtension.NotReadyBody);
        fake.Enqueue(400, FakeSecretsExtension.NotReadyBody);
        var secrets = Create(("db:SecretId", "prod/db-admin"));

        Assert.Equal(AdminPassword, (await secrets.GetAsync("db", CancellationToken.None)).Reveal());
        Assert.Equal(3, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_ExtensionNeverReady_IsTransient()
    {
        for (var i = 0; i < 3; i++)
        {
            fake.Enqueue(400, FakeSecretsExtension.NotReadyBody);
        }

        var secrets = Create(("db:SecretId", "prod/db-admin"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal("AponoSecrets 'db': the Parameters and Secrets extension was still starting (400, not ready) after 3 attempts; retry.", error.Message);
        Assert.Equal(AponoErrorType.Transient, error.ErrorType);
    }

    [Fact]
    public async Task GetAsync_NoExtensionListening_SaysToAddTheLayer()
    {
        var closedPort = ClosedPort();
        var secrets = Create(settings => settings.Port = closedPort, ("db:SecretId", "prod/db-admin"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal(
            $"AponoSecrets 'db': could not connect to the Parameters and Secrets extension on 127.0.0.1:{closedPort} (3 attempts): add the AWS-Parameters-and-Secrets-Lambda-Extension layer to the function, or set PARAMETERS_SECRETS_EXTENSION_HTTP_PORT to the port it listens on.",
            error.Message);
        Assert.Equal(AponoErrorType.Transient, error.ErrorType);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task GetAsync_ExtensionNeverAnswers_TimesOutOnEachAttempt()
    {
        for (var i = 0; i < 3; i++)
        {
            fake.Enqueue(200, "", Timeout.InfiniteTimeSpan);
        }

        var secrets = Create(settings => settings.RequestTimeout = TimeSpan.FromMilliseconds(100), ("db:SecretId", "prod/db-admin"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets 'db': the Parameters and Secrets extension did not answer within 0.1 s (3 attempts); retry, or raise AponoSecrets:RequestTimeout.",
            error.Message);
        Assert.Equal(AponoErrorType.Transient, error.ErrorType);
        Assert.Equal(3, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_SlowAnswerWithinTheTimeout_ReturnsTheValue()
    {
        fake.EnqueueSlow(TimeSpan.FromMilliseconds(150));
        var secrets = Create(("db:SecretId", "prod/db-admin"));

        Assert.Equal(AdminPassword, (await secrets.GetAsync("db", CancellationToken.None)).Reveal());
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_AnswerWithoutAValue_IsAnInternalErrorWithoutTheBody()
    {
        fake.Enqueue(200, """{"ARN":"arn","Name":"prod/db-admin","Leaked":"body-canary"}""");
        var secrets = Create(("db:SecretId", "prod/db-admin"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal("AponoSecrets 'db': the Parameters and Secrets extension answered 200 without a SecretString or SecretBinary.", error.Message);
        Assert.DoesNotContain("body-canary", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WithinTheTtl_IsServedFromTheCacheAndFetchedAgainAfterIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var secrets = Create(time, null, ("db:SecretId", "prod/db-admin"), ("CacheTtl", "60"));

        await secrets.GetAsync("db", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(59));
        await secrets.GetAsync("db", CancellationToken.None);
        Assert.Equal(1, fake.RequestCount);

        fake.Secrets["prod/db-admin"] = "rotated-password";
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("rotated-password", (await secrets.GetAsync("db", CancellationToken.None)).Reveal());
        Assert.Equal(2, fake.RequestCount);
        Assert.Equal([AdminPassword, "rotated-password"], registry.Secrets);
    }

    [Fact]
    public async Task GetAsync_DefaultTtl_IsFiveMinutes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var secrets = Create(time, null, ("db:SecretId", "prod/db-admin"));

        await secrets.GetAsync("db", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        await secrets.GetAsync("db", CancellationToken.None);
        Assert.Equal(1, fake.RequestCount);
        time.Advance(TimeSpan.FromTicks(1));
        await secrets.GetAsync("db", CancellationToken.None);
        Assert.Equal(2, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_TtlZero_FetchesEveryTime()
    {
        var secrets = Create(("db:SecretId", "prod/db-admin"), ("CacheTtl", "0"));

        await secrets.GetAsync("db", CancellationToken.None);
        await secrets.GetAsync("db", CancellationToken.None);

        Assert.Equal(2, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_ConcurrentCallers_ShareOneFetch()
    {
        fake.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secrets = Create(("db:SecretId", "prod/db-admin"));

        var callers = Enumerable.Range(0, 8).Select(_ => secrets.GetAsync("db", CancellationToken.None).AsTask()).ToArray();
        await WaitForRequestsAsync(1);
        fake.Gate.SetResult();
        var values = await Task.WhenAll(callers);

        Assert.All(values, value => Assert.Equal(AdminPassword, value.Reveal()));
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_OneCallerCancels_TheSharedFetchStillServesTheOthers()
    {
        fake.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secrets = Create(("db:SecretId", "prod/db-admin"));
        using var cancel = new CancellationTokenSource();

        var quitter = secrets.GetAsync("db", cancel.Token).AsTask();
        var stayer = secrets.GetAsync("db", CancellationToken.None).AsTask();
        await WaitForRequestsAsync(1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter);
        fake.Gate.SetResult();

        Assert.Equal(AdminPassword, (await stayer).Reveal());
        Assert.Equal(1, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_AfterAFailure_AsksAgain()
    {
        fake.Enqueue(404);
        var secrets = Create(("db:SecretId", "prod/db-admin"));

        await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());
        var secret = await secrets.GetAsync("db", CancellationToken.None);

        Assert.Equal(AdminPassword, secret.Reveal());
        Assert.Equal(2, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_NoSessionToken_SaysSoWithoutAsking()
    {
        var secrets = Create(settings => settings.SessionToken = null, ("db:SecretId", "prod/db-admin"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal("AponoSecrets 'db': AWS_SESSION_TOKEN is not set, and the Parameters and Secrets extension requires it; Lambda sets it for the function's role.", error.Message);
        Assert.Equal(0, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_BothIdAndParameter_RefusesTheAmbiguity()
    {
        var secrets = Create(("db:SecretId", "prod/db-admin"), ("db:Parameter", "/apono/api-token"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal("AponoSecrets 'db': AponoSecrets:db:SecretId and AponoSecrets:db:Parameter are both set; keep one.", error.Message);
    }

    [Fact]
    public async Task GetAsync_LocalValueUnderLambda_IsRefused()
    {
        var secrets = Create(("db:Value", "plain-text-in-env"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets 'db': neither AponoSecrets:db:SecretId (Secrets Manager) nor AponoSecrets:db:Parameter (SSM Parameter Store) is set in the function's environment. AponoSecrets:db:Value and AponoSecrets:db:File are for local runs only.",
            error.Message);
        Assert.DoesNotContain("plain-text-in-env", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_MalformedCacheTtl_NamesTheKey()
    {
        var secrets = Create(("db:SecretId", "prod/db-admin"), ("CacheTtl", "five minutes"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal("AponoSecrets 'db': AponoSecrets:CacheTtl must be a whole number of seconds (300) or a time span (00:05:00); 0 turns the cache off.", error.Message);
    }

    [Fact]
    public async Task GetAsync_LocalRunWithValue_ReturnsItAndRegistersIt()
    {
        var secrets = CreateLocal(("db:Value", "local-dev-password"));

        Assert.Equal("local-dev-password", (await secrets.GetAsync("db", CancellationToken.None)).Reveal());
        Assert.Equal(["local-dev-password"], registry.Secrets);
        Assert.Equal(0, fake.RequestCount);
    }

    [Fact]
    public async Task GetAsync_LocalRunWithFile_ReturnsItsTextWithoutTheTrailingLineBreak()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "file-password\n");
            var secrets = CreateLocal(("db:File", path));

            Assert.Equal("file-password", (await secrets.GetAsync("db", CancellationToken.None)).Reveal());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task GetAsync_LocalRunWithMissingFile_NamesTheKeyNotThePath()
    {
        var secrets = CreateLocal(("db:File", "/nonexistent/apono/secret.txt"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal("AponoSecrets 'db': the file set in AponoSecrets:db:File could not be read (DirectoryNotFoundException).", error.Message);
    }

    [Fact]
    public async Task GetAsync_LocalRunWithOnlyASecretId_SaysToSetALocalValue()
    {
        var secrets = CreateLocal(("db:SecretId", "prod/db-admin"));

        var error = await Assert.ThrowsAsync<AponoSecretException>(() => secrets.GetAsync("db", CancellationToken.None).AsTask());

        Assert.Equal(
            "AponoSecrets 'db': outside Lambda (AWS_LAMBDA_RUNTIME_API is not set) the extension is not there: set AponoSecrets:db:Value or AponoSecrets:db:File for local runs.",
            error.Message);
        Assert.Equal(0, fake.RequestCount);
    }

    [Fact]
    public async Task AddAponoSecrets_ReadsTheContainersConfigurationAndTheExtensionPort()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:9001",
            ["AWS_SESSION_TOKEN"] = FakeSecretsExtension.SessionToken,
            ["PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"] = fake.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AponoSecrets:db:SecretId"] = "prod/db-admin",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSingleton(registry);
        services.AddAponoSecrets().AddAponoSecrets();
        await using var provider = services.BuildServiceProvider();

        var secret = await provider.GetRequiredService<IAponoSecrets>().GetAsync("db", CancellationToken.None);

        Assert.Equal(AdminPassword, secret.Reveal());
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IAponoSecrets));
        Assert.Equal([AdminPassword], registry.Secrets);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task WaitForRequestsAsync(int count)
    {
        // Bounded wait for the server to have seen the request; the assertions do not depend on timing.
        for (var i = 0; i < 1_000 && fake.RequestCount < count; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(count, fake.RequestCount);
    }

    private ExtensionSecrets Create(params (string Key, string Value)[] entries) => Create(TimeProvider.System, null, entries);

    private ExtensionSecrets Create(Action<AponoSecretsSettings> tweak, params (string Key, string Value)[] entries) => Create(TimeProvider.System, tweak, entries);

    private ExtensionSecrets CreateLocal(params (string Key, string Value)[] entries) =>
        Create(TimeProvider.System, settings => settings.UnderLambda = false, entries);

    private ExtensionSecrets Create(TimeProvider time, Action<AponoSecretsSettings>? tweak, params (string Key, string Value)[] entries)
    {
        var values = new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:9001",
            ["AWS_SESSION_TOKEN"] = FakeSecretsExtension.SessionToken,
        };
        foreach (var (key, value) in entries)
        {
            values["AponoSecrets:" + key] = value;
        }

        var settings = AponoSecretsSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        settings.Host = "127.0.0.1";
        settings.Port = fake.Port;
        settings.RetryDelay = TimeSpan.Zero;
        tweak?.Invoke(settings);
        var factory = new ServiceCollection().AddAponoSecrets().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new ExtensionSecrets(settings, factory, registry, time);
    }
}
