using System.Text;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Routing;

public sealed class FunctionHandlerTests
{
    [Fact]
    public async Task FunctionHandler_GetStatusOnBareFunction_AnswersActive()
    {
        await using var function = new BareFunction();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("""{"event_type":"get-status","params":{}}"""));

        var output = await function.FunctionHandler(input);

        Assert.Equal("""{"status":"active"}""", await new StreamReader(output).ReadToEndAsync());
    }

    [Fact]
    public async Task FunctionHandler_EventNotOverridden_ThrowsNotSupportedNamingTheEvent()
    {
        await using var function = new BareFunction();
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(
            """{"event_type":"grant-access","params":{"grant_id":"g","username":"u@example.com","resource_type":"t","resources":[],"permission":"p"}}"""));

        var error = await Assert.ThrowsAsync<AponoInvocationException>(() => function.FunctionHandler(input));

        Assert.Equal("NotSupported", error.ErrorType);
        Assert.Equal("This integration does not support grant-access.", error.Message);
    }

    private sealed class BareFunction : AponoIntegrationFunction
    {
        protected internal override Task<ListResourcesReply> ListResourcesAsync(ListResourcesRequest request, InvocationContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new ListResourcesReply([], []));
    }
}
