using Apono.Integration.Sdk.Errors;

namespace Apono.Integration.Sdk.Secrets;

/// <summary>
/// A configured secret could not be read: an unknown name, a missing configuration key, or an error from the AWS
/// Parameters and Secrets Lambda Extension. Thrown by <see cref="IAponoSecrets.GetAsync"/>.
/// </summary>
/// <remarks>
/// Its message names the logical name, the HTTP status and what to check, never the value, the session token or the
/// secret's id, so the SDK passes it to Apono as the <c>errorMessage</c>. The extension still starting, failing (5xx),
/// unreachable or too slow gives <see cref="AponoErrorType.Transient"/> (retryable); everything else
/// <see cref="AponoErrorType.InternalError"/>.
/// </remarks>
public sealed class AponoSecretException : AponoException
{
    private readonly bool retryable;

    internal AponoSecretException(string secretName, int? statusCode, bool retryable, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        SecretName = secretName;
        StatusCode = statusCode;
        this.retryable = retryable;
    }

    /// <summary>Gets the logical name that was asked for.</summary>
    public string SecretName { get; }

    /// <summary>Gets the extension's HTTP status, or <see langword="null"/> when it never answered or was not asked (local runs, unknown name).</summary>
    public int? StatusCode { get; }

    /// <inheritdoc />
    public override string ErrorType => retryable ? AponoErrorType.Transient : AponoErrorType.InternalError;

    /// <inheritdoc />
    public override bool IsRetryable => retryable;
}
