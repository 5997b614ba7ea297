using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Credentials;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.Logging;

#pragma warning disable CA1873, CA1848 // The test logs like a careless author would.

namespace Apono.Integration.Sdk.Tests.Diagnostics;

/// <summary>
/// Unique canary strings go into every place a secret can be; the whole pipeline runs, successes and failures;
/// no canary may show in a log line, an error message or a contract object's ToString(). The issued secret is
/// allowed in exactly one place: the body of the successful credentials reply.
/// </summary>
public sealed class SecretCanaryTests
{
    private const string StringParam = "CANARY-string-param-7f3a9c";
    private const string NestedParam = "CANARY-nested-param-b81e22";
    private const long NumberParam = 918273645501;
    private const string ArrayParam = "CANARY-array-param-c0ffee";
    private const string IssuedSecret = "CANARY-issued-secret-5d6e7f";
    private const string ExceptionText = "CANARY-exception-message-aa01";

    private static readonly string[] Canaries = [StringParam, NestedParam, NumberParam.ToString(System.Globalization.CultureInfo.InvariantCulture), ArrayParam, IssuedSecret, ExceptionText];

    private static string Envelope(string eventType) =>
        $$"""
        {"event_type":"{{eventType}}","params":{"grant_id":"g-1","username":"jane@example.com","resource_type":"db","resources":["r1"],"permission":"read",
         "custom_parameters":{"api_key":"{{StringParam}}","conn":{"password":"{{NestedParam}}","port":5432},"secret_pin":{{NumberParam}},"tokens":["{{ArrayParam}}"] } } }
        """;

    [Fact]
    public async Task Pipeline_CanariesEverywhere_NeverLeakOutsideTheCredentialsReply()
    {
        var passwordSeenByTheAuthor = (string?)null;
        var texts = new List<(string Where, string Text)>();
        var scenarios = new (string Event, Func<AponoRequest, InvocationContext, CancellationToken, Task<object?>> Behavior, bool SecretAllowedInBody)[]
        {
            // Author logs the request, its custom parameters (keys only) and values it should not, then succeeds.
            ("grant-access", (request, context, _) =>
            {
                context.Logger.LogInformation("Request {Request} with {Parameters}", request, request.CustomParameters);
                context.Logger.LogWarning("Careless author logs the key {Key} and {Nested} and {Pin}", request.CustomParameters.GetString("api_key"), StringParam.Length > 0 ? NestedParam : null, NumberParam);
                return Task.FromResult<object?>(null);
            }, false),
            // Author issues a secret (and a generated password) and logs the reply and the password object.
            ("create-credentials", (_, context, _) =>
            {
                var password = PasswordGenerator.Generate();
                passwordSeenByTheAuthor = password.Reveal();
                var reply = new CredentialsReply(new SecretString(IssuedSecret));
                context.Logger.LogInformation("Issued {Reply} with password {Password}", reply, password);
                texts.Add(("reply ToString", reply.ToString()));
                texts.Add(("password ToString", password.ToString()));
                return Task.FromResult<object?>(reply);
            }, true),
            ("reset-credentials", (_, context, _) =>
            {
                var reply = new CredentialsReply(new SecretString(IssuedSecret));
                context.Logger.LogInformation("Reset done: {Reply}", reply);
                return Task.FromResult<object?>(reply);
            }, true),
            // Unexpected exception carrying a canary in its message and its inner exception.
            ("revoke-access", (_, _, _) => throw new InvalidOperationException(ExceptionText + " " + StringParam, new InvalidCastException(NestedParam)), false),
            // AponoException quoting custom parameter values.
            ("delete-credentials", (request, _, _) => throw new TransientException(
                $"Login with {request.CustomParameters.GetString("api_key")} / {request.CustomParameters.GetString("secret_pin")} failed", new InvalidOperationException(ExceptionText)), false),
            ("list-resources", (request, _, _) => throw new ResourceNotFoundException($"No list {ArrayParam} for {NestedParam}"), false),
            // Author logs an exception whose message holds a canary.
            ("get-status", (_, context, _) =>
            {
                context.Logger.LogError(new InvalidOperationException(ExceptionText), "Health check failed for {Key}", StringParam);
                return Task.FromResult<object?>(null);
            }, false),
        };

        await using var function = new RecordingFunction();
        await using var harness = PipelineHarness.Create(function);
        foreach (var (eventType, behavior, secretAllowed) in scenarios)
        {
            function.Behavior = behavior;
            var result = await harness.InvokeAsync(Envelope(eventType));
            var body = Encoding.UTF8.GetString(result.Body.Span);
            if (secretAllowed)
            {
                Assert.True(result.IsSuccess, result.ErrorMessage);
                Assert.Equal($$"""{"status":"ok","secret":"{{IssuedSecret}}"}""", body);
            }
            else
            {
                texts.Add(($"{eventType} reply body", body));
                texts.Add(($"{eventType} error message", result.ErrorMessage ?? string.Empty));
            }
        }

        foreach (var request in function.Calls)
        {
            texts.Add(($"{request.EventType} request ToString", request.ToString()!));
            texts.Add(($"{request.EventType} custom parameters ToString", request.CustomParameters.ToString()));
        }

        texts.Add(("logs", harness.LogText));
        Assert.NotNull(passwordSeenByTheAuthor);
        foreach (var (where, text) in texts)
        {
            foreach (var canary in Canaries.Append(passwordSeenByTheAuthor!))
            {
                Assert.False(text.Contains(canary, StringComparison.Ordinal), $"canary '{canary}' leaked into {where}: {text}");
            }
        }

        // The careful and the careless lines were written, with *** in place of the values.
        Assert.Contains("Careless author logs the key *** and *** and ***", harness.LogText);
        Assert.Contains("Issued CredentialsReply { Status = ok, Secret = [redacted] } with password [redacted]", harness.LogText);
        Assert.Contains("Login with *** / *** failed", harness.LogText);
    }

    [Fact]
    public void ToString_EveryContractObject_ShowsNoCanary()
    {
        var parameters = CustomParametersFrom($$"""{"api_key":"{{StringParam}}","conn":{"password":"{{NestedParam}}"},"secret_pin":{{NumberParam}} }""");
        object[] objects =
        [
            parameters,
            new GrantAccessRequest { GrantId = "g", Username = "u", ResourceType = "t", Resources = ["r"], Permission = "p", CustomParameters = parameters },
            new RevokeAccessRequest { GrantId = "g", Username = "u", ResourceType = "t", Resources = ["r"], Permission = "p", CustomParameters = parameters },
            new CreateCredentialsRequest { Username = "u", ResourceType = "t", Resources = ["r"], CustomParameters = parameters },
            new ResetCredentialsRequest { Username = "u", ResourceType = "t", Resources = ["r"], CustomParameters = parameters },
            new DeleteCredentialsRequest { Username = "u", ResourceType = "t", Resources = ["r"], CustomParameters = parameters },
            new ListResourcesRequest { ResourceType = "t", CustomParameters = parameters },
            new ListResourceTagsRequest { CustomParameters = parameters },
            new GetStatusRequest { CustomParameters = parameters },
            new CredentialsReply(new SecretString(IssuedSecret)),
            new SecretString(IssuedSecret),
        ];

        foreach (var value in objects)
        {
            var text = value.ToString()!;
            Assert.All(Canaries, canary => Assert.DoesNotContain(canary, text));
        }
    }

    private static CustomParameters CustomParametersFrom(string json) =>
        RequestReader.Read(Encoding.UTF8.GetBytes("{\"event_type\":\"get-status\",\"params\":{\"custom_parameters\":" + json + "}}"), new AponoFunctionOptions()).CustomParameters;
}
