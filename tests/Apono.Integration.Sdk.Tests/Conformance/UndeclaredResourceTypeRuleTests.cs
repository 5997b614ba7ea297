using System.Text;
using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Tests.Conformance;

/// <summary>
/// <c>errors.undeclared-resource-type</c>: a function declaring types must refuse any other with InvalidRequest. The
/// SDK's pipeline always does, so what fails it is something answering in front of the SDK for a declared function:
/// here a hand-written handler (or a caching proxy) that lists whatever type it is asked for.
/// </summary>
public sealed class UndeclaredResourceTypeRuleTests
{
    private static readonly ConformanceTarget[] Declared = [new("wiki-space", [AponoEventType.ListResources])];

    [Fact]
    public async Task RunAsync_HandlerServesAnyType_FailsTheRuleNamingTheDeclaredTypes()
    {
        var report = await RunAsync(static type => InvocationResult.Success(Encoding.UTF8.GetBytes(
            $$$"""{"resources":[{"id":"eng","name":"Engineering","type":"{{{type}}}","metadata":{}}],"permissions":[{"id":"reader","name":"Reader"}]}""")));

        var failure = Assert.Single(report.Failures);
        Assert.Equal(
            "FAIL errors.undeclared-resource-type [resource_type 'apono-conformance-undeclared-type']: list-resources for a type the function does not serve (wiki-space only) must fail with InvalidRequest, but it answered {\"resources\":[{\"id\":\"eng\",\"name\":\"Engineering\",\"type\":\"apono-conformance-undeclared-type\",\"metadata\":{}}],\"permissions\":[{\"id\":\"reader\",\"name\":\"Reader\"}]}.",
            failure.ToString());
        Assert.Null(failure.ResourceType);
    }

    [Fact]
    public async Task RunAsync_HandlerRefusesWithAnotherErrorType_FailsTheRule()
    {
        var report = await RunAsync(static type => type == "wiki-space"
            ? InvocationResult.Success("""{"resources":[{"id":"eng","name":"Engineering","type":"wiki-space","metadata":{}}],"permissions":[{"id":"reader","name":"Reader"}]}"""u8.ToArray())
            : InvocationResult.Failure(AponoErrorType.NotFound, "No such type."));

        var failure = Assert.Single(report.Failures);
        Assert.Equal(
            "FAIL errors.undeclared-resource-type [resource_type 'apono-conformance-undeclared-type']: list-resources for a type the function does not serve must fail with InvalidRequest, but failed with NotFound: No such type.",
            failure.ToString());
    }

    [Fact]
    public async Task RunAsync_DeclaredTypeNamedLikeTheProbe_ProbesAnotherName()
    {
        ConformanceTarget[] declared = [new("apono-conformance-undeclared-type", [AponoEventType.ListResources])];
        var asked = new List<string>();

        var report = await ConformanceRunner.RunAsync((body, _) =>
        {
            var text = Encoding.UTF8.GetString(body.Span);
            if (!text.Contains("\"list-resources\"", StringComparison.Ordinal))
            {
                return Task.FromResult(text.Contains("\"get-status\"", StringComparison.Ordinal)
                    ? InvocationResult.Success("""{"status":"active"}"""u8.ToArray())
                    : InvocationResult.Failure(AponoErrorType.InvalidRequest, "no"));
            }

            var type = text.Contains("\"apono-conformance-undeclared-type-x\"", StringComparison.Ordinal) ? "apono-conformance-undeclared-type-x" : "apono-conformance-undeclared-type";
            asked.Add(type);
            return Task.FromResult(InvocationResult.Failure(AponoErrorType.InvalidRequest, "not served"));
        }, new AponoConformanceOptions { AllowEmptyListing = true }, CustomParameters.Empty, declared, CancellationToken.None);

        Assert.Equal("apono-conformance-undeclared-type-x", asked[0]);
        Assert.Contains(report.Results, r => r is { Rule: "errors.undeclared-resource-type", Outcome: AponoConformanceOutcome.Passed, Item: "resource_type 'apono-conformance-undeclared-type-x'" });
    }

    private static Task<AponoConformanceReport> RunAsync(Func<string, InvocationResult> list) =>
        ConformanceRunner.RunAsync((body, _) =>
        {
            var text = Encoding.UTF8.GetString(body.Span);
            InvocationResult result;
            if (text.StartsWith("{\"event_type\":\"get-status\"", StringComparison.Ordinal))
            {
                result = InvocationResult.Success("""{"status":"active"}"""u8.ToArray());
            }
            else if (text.StartsWith("{\"event_type\":\"list-resources\"", StringComparison.Ordinal))
            {
                var start = text.IndexOf("\"resource_type\":\"", StringComparison.Ordinal) + 17;
                result = list(text[start..text.IndexOf('"', start)]);
            }
            else
            {
                result = InvocationResult.Failure(AponoErrorType.InvalidRequest, "no");
            }

            return Task.FromResult(result);
        }, new AponoConformanceOptions(), CustomParameters.Empty, Declared, CancellationToken.None);
}
