namespace Apono.Integration.Sdk.Tests.BadInput;

/// <summary>One rejected input: the bytes sent, and the exact error the connector must see.</summary>
internal sealed record BadInputCase(string Name, byte[] Body, string ErrorType, string ErrorMessage)
{
    public override string ToString() => Name;
}
