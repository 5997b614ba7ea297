using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>One event fetched from <c>/runtime/invocation/next</c>: its headers and its body.</summary>
internal sealed record RuntimeInvocation(InvocationMetadata Metadata, byte[] Body);
