using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>A realistic request envelope per event, as the connector sends it: what <c>events</c> prints and <c>invoke &lt;event-type&gt;</c> starts from.</summary>
internal static class SampleEvents
{
    /// <summary>Gets the sample request of an event, or <see langword="null"/> for an event type Apono does not send.</summary>
    public static AponoRequest? For(string eventType) => For(eventType, SampleValues.Default);

    /// <summary>Gets the sample request of an event made of <paramref name="values"/>, or <see langword="null"/> for an event type Apono does not send.</summary>
    public static AponoRequest? For(string eventType, SampleValues values) => EventTable.Find(eventType)?.Sample(values);
}
