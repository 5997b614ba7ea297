using System.Text;
using QuickStart;

namespace QuickStart.Tests;

public sealed class QuickStartFunctionTests
{
    [Fact]
    public async Task FunctionHandler_CreateCredentials_ReturnsTheSecretTheNodeSampleForgot()
    {
        await using var function = new QuickStartFunction();
        using var input = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "events", "create-credentials.json"));

        var output = await function.FunctionHandler(input);

        Assert.Equal("""{"status":"ok","secret":"created-credentials-secret"}""", await new StreamReader(output, Encoding.UTF8).ReadToEndAsync());
    }
}
