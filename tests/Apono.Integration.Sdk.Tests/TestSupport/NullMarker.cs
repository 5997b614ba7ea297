namespace Apono.Integration.Sdk.Tests.TestSupport;

/// <summary>Returned by a <see cref="RecordingFunction.Behavior"/> to make the author's method return <see langword="null"/>.</summary>
internal sealed class NullMarker
{
    public static NullMarker Instance { get; } = new();
}
