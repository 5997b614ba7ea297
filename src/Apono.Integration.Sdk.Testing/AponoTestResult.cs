using System.Text;
using System.Text.Json;

namespace Apono.Integration.Sdk.Testing;

/// <summary>The outcome of one invocation: the reply JSON, or the error JSON with its type and message.</summary>
public class AponoTestResult
{
    /// <summary>Initializes a new instance of the <see cref="AponoTestResult"/> class.</summary>
    /// <param name="isSuccess">Whether the function answered a reply (not an error).</param>
    /// <param name="json">The reply JSON, or the error JSON <c>{"errorType","errorMessage"}</c>.</param>
    /// <param name="errorType">The error type when it failed.</param>
    /// <param name="errorMessage">The error message when it failed.</param>
    public AponoTestResult(bool isSuccess, string json, string? errorType, string? errorMessage)
    {
        ArgumentNullException.ThrowIfNull(json);
        IsSuccess = isSuccess;
        Json = json;
        ErrorType = errorType;
        ErrorMessage = errorMessage;
    }

    /// <summary>Gets a value indicating whether the function answered a reply rather than an error.</summary>
    public bool IsSuccess { get; }

    /// <summary>Gets the compact JSON the connector would receive: the reply, or <c>{"errorType","errorMessage"}</c>.</summary>
    /// <remarks>A credentials reply holds the secret in clear here, as on the wire; don't print it in shared logs.</remarks>
    public string Json { get; }

    /// <summary>Gets the error type (see <c>AponoErrorType</c>), or <see langword="null"/> on success.</summary>
    public string? ErrorType { get; }

    /// <summary>Gets the error message Apono would show, or <see langword="null"/> on success.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Returns a short description: the error, or that it succeeded. Never the reply body, which may hold a secret.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => IsSuccess ? "Success" : $"{ErrorType}: {ErrorMessage}";

    internal static AponoTestResult Failure(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType"u8, errorType);
            writer.WriteString("errorMessage"u8, errorMessage);
            writer.WriteEndObject();
        }

        return new AponoTestResult(false, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), errorType, errorMessage);
    }
}
