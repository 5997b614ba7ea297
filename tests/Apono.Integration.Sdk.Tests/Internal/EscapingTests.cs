using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Tests.BadInput;
using Apono.Integration.Sdk.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Tests.Internal;

/// <summary>Author text with control and bidi characters reaches errorMessage and log lines escaped, never raw.</summary>
public sealed class EscapingTests
{
    private const string Hostile = "Grant of \u202Eelbat\u202C refused\r\nFAKE: all good\u0000\u001B[31m\u0085\u2066x\u2069";
    private const string Shown = "Grant of \\u202Eelbat\\u202C refused\\r\\nFAKE: all good\\u0000\\u001B[31m\\u0085\\u2066x\\u2069";

    [Fact]
    public async Task InvokeAsync_AuthorExceptionMessageHasControlAndBidiCharacters_ErrorMessageAndLogAreEscaped()
    {
        await using var function = new RecordingFunction { Behavior = static (_, _, cancellationToken) => throw new ResourceNotFoundException(Hostile, new InvalidOperationException("inner")) };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"));

        Assert.Equal(("NotFound", Shown), (result.ErrorType, result.ErrorMessage));
        using var body = JsonDocument.Parse(result.Body);
        Assert.Equal(Shown, body.RootElement.GetProperty("errorMessage").GetString());
        AssertNoRawCharacters(Encoding.UTF8.GetString(result.Body.Span));

        var logs = harness.LogText;
        AssertNoRawCharacters(logs);
        var line = logs.Split('\n').Single(static l => l.Contains("failed with NotFound", StringComparison.Ordinal));
        using var parsed = JsonDocument.Parse(line);
        Assert.Equal($"grant-access failed with NotFound: {Shown}", parsed.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task InvokeAsync_AuthorLogsControlAndBidiCharacters_LogLineAndExceptionFieldAreEscaped()
    {
        await using var function = new RecordingFunction
        {
            Behavior = static (_, context, cancellationToken) =>
            {
                context.Logger.LogError(new InvalidRequestException(Hostile), "Author says: {Text}", Hostile);
                return Task.FromResult<object?>(null);
            },
        };
        await using var harness = PipelineHarness.Create(function);

        var result = await harness.InvokeAsync(BadInputCatalog.Access("grant-access"));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var logs = harness.LogText;
        AssertNoRawCharacters(logs);
        var line = logs.Split('\n').Single(static l => l.Contains("Author says", StringComparison.Ordinal));
        using var parsed = JsonDocument.Parse(line);
        Assert.Equal($"Author says: {Shown}", parsed.RootElement.GetProperty("message").GetString());
        Assert.Equal(Shown, parsed.RootElement.GetProperty("exception").GetProperty("message").GetString());
    }

    private static void AssertNoRawCharacters(string text)
    {
        foreach (var c in "\u202E\u202C\u2066\u2069\r\u0000\u001B\u0085")
        {
            Assert.DoesNotContain(c.ToString(), text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
