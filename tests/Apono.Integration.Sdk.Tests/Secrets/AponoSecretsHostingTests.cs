using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Secrets;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Apono.Integration.Sdk.Tests.Secrets;

/// <summary>IAponoSecrets inside a real function runtime: the runtime's configuration, registry and error mapping.</summary>
public sealed class AponoSecretsHostingTests
{
    private const string GetStatus = """{"event_type":"get-status","params":{}}""";

    [Fact]
    public async Task Handler_ReadsALocalSecret_ValueIsInTheRuntimesRegistry()
    {
        await using var function = new SecretFunction();
        await using var harness = PipelineHarness.Create(function, new Dictionary<string, string?> { ["AponoSecrets__DbAdmin__Value"] = "local-admin-pw" });

        var result = await harness.InvokeAsync(GetStatus);

        Assert.True(result.IsSuccess);
        Assert.Equal("local-admin-pw", function.Seen);
        Assert.Equal(["local-admin-pw"], harness.Runtime.Services.GetRequiredService<SecretRegistry>().Secrets);
    }

    [Fact]
    public async Task Handler_UnknownSecret_AnswersInternalErrorNamingTheConfiguredNames()
    {
        await using var function = new SecretFunction { Name = "Ldap" };
        await using var harness = PipelineHarness.Create(function, new Dictionary<string, string?> { ["AponoSecrets__DbAdmin__Value"] = "local-admin-pw" });

        var result = await harness.InvokeAsync(GetStatus);

        Assert.Equal(
            (AponoErrorType.InternalError, "AponoSecrets has no secret named 'Ldap' (configured: DbAdmin). Set AponoSecrets__Ldap__SecretId (Secrets Manager) or AponoSecrets__Ldap__Parameter (SSM Parameter Store) in the function's environment."),
            (result.ErrorType, result.ErrorMessage));
        Assert.DoesNotContain("local-admin-pw", harness.LogText, StringComparison.Ordinal);
    }

    private sealed class SecretFunction : AponoIntegrationFunction
    {
        public string Name { get; init; } = "DbAdmin";

        public string? Seen { get; private set; }

        protected override void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddAponoSecrets();

        protected internal override async Task<StatusReply> GetStatusAsync(GetStatusRequest request, InvocationContext context, CancellationToken cancellationToken)
        {
            var secret = await context.Services.GetRequiredService<IAponoSecrets>().GetAsync(Name, cancellationToken);
            Seen = secret.Reveal();
            return StatusReply.Active;
        }
    }
}
