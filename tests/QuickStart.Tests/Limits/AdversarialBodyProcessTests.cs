using System.Text.Json;
using Apono.Integration.Sdk.Benchmarks;

namespace QuickStart.Tests.Limits;

/// <summary>
/// Each adversarial body of up to 6,291,456 bytes, sent to the built QuickStart (<c>invoke --file</c>) in a child
/// process whose GC heap is limited as in a 128 MB Lambda: it answers its reply or its field-level error, never
/// InternalError, and the process exits 0 or 1 (never a crash).
/// </summary>
public sealed class AdversarialBodyProcessTests
{
    private const string HeapLimit = "0x6000000";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public static TheoryData<string, int, string?, string> Cases() => new()
    {
        { "tiny-keys-in-params", 0, null, """^\{"status":"ok"\}$""" },
        { "tiny-keys-in-custom-parameters", 1, "InvalidRequest", """^params\.custom_parameters is 6291267 bytes of JSON; at most 262144 are accepted \(AponoFunctionOptions\.MaxCustomParameterBytes\)\.$""" },
        { "deep-arrays-in-unknown-field", 0, null, """^\{"status":"ok"\}$""" },
        { "deep-arrays-in-custom-parameters", 1, "InvalidRequest", """^params\.custom_parameters is \d{7} bytes of JSON; at most 262144 are accepted \(AponoFunctionOptions\.MaxCustomParameterBytes\)\.$""" },
        { "deeper-than-allowed", 1, "InvalidRequest", """^The request body is not valid JSON: it is nested deeper than the allowed depth\.$""" },
        { "flat-numbers-in-unknown-field", 0, null, """^\{"status":"ok"\}$""" },
        { "flat-numbers-as-resources", 1, "InvalidRequest", """^params\.resources has 3145651 items; at most 1000 are accepted in one request\.$""" },
        { "flat-numbers-in-custom-parameters", 1, "InvalidRequest", """^params\.custom_parameters is \d{7} bytes of JSON; at most 262144 are accepted \(AponoFunctionOptions\.MaxCustomParameterBytes\)\.$""" },
        { "one-long-string-as-grant-id", 1, "InvalidRequest", """^params\.grant_id is 6291402 characters long; at most 2048 are accepted\.$""" },
        { "one-long-string-in-unknown-field", 0, null, """^\{"status":"ok"\}$""" },
        { "escape-heavy-grant-id", 1, "InvalidRequest", """^params\.grant_id is 1572850 characters long; at most 2048 are accepted\.$""" },
        { "escape-heavy-unknown-field", 0, null, """^\{"status":"ok"\}$""" },
        { "escape-heavy-custom-parameter", 1, "InvalidRequest", """^params\.custom_parameters is \d{7} bytes of JSON; at most 262144 are accepted \(AponoFunctionOptions\.MaxCustomParameterBytes\)\.$""" },
        { "1000-ids-of-2048-chars", 0, null, """^\{"status":"ok"\}$""" },
    };

    [Fact]
    public void Cases_CoverEveryAdversarialBody() =>
        Assert.Equal(AdversarialBodies.Names.Order(), Cases().Select(c => (string)c[0]).Order());

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invoke_AdversarialBodyUnderHeapLimit_AnswersWithoutInternalError(string name, int exitCode, string? errorType, string answer)
    {
        var body = AdversarialBodies.Build(name);
        Assert.InRange(body.Length, 1, AdversarialBodies.Limit);
        var path = Path.Combine(Path.GetTempPath(), $"adversarial-{name}-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, body);
        try
        {
            var (code, stdout, stderr) = await RunAsync(["invoke", "--file", path, "--json"], stdin: null);

            Assert.True(code == exitCode, $"exit {code}, expected {exitCode}; stderr: {Tail(stderr)}");
            var line = stdout.TrimEnd('\n');
            if (errorType is null)
            {
                Assert.Matches(answer, line);
                return;
            }

            using var error = JsonDocument.Parse(line);
            Assert.Equal(["errorType", "errorMessage"], error.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(errorType, error.RootElement.GetProperty("errorType").GetString());
            Assert.Matches(answer, error.RootElement.GetProperty("errorMessage").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Invoke_StdinOverLambdaLimit_AnswersTooLargeWithoutHoldingIt()
    {
        // 64 MB through stdin: the CLI keeps at most 6 MiB + 1 byte and counts the rest.
        var (code, stdout, stderr) = await RunAsync(["invoke", "--json"], stdin: new string(' ', 64 * 1024 * 1024));

        Assert.True(code == 1, $"exit {code}; stderr: {Tail(stderr)}");
        Assert.Equal("""{"errorType":"InvalidRequest","errorMessage":"The request body is 67108864 bytes; at most 6291456 are accepted."}""", stdout.TrimEnd('\n'));
    }

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..] : text;

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, string? stdin) =>
        QuickStartProcess.RunAsync(args, stdin, Bound, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapLimit });
}
