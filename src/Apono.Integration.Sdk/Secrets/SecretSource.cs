namespace Apono.Integration.Sdk.Secrets;

/// <summary>One <c>AponoSecrets:&lt;name&gt;</c> entry of the deploy-time configuration.</summary>
internal sealed record SecretSource(string Name, string? SecretId, string? VersionStage, string? Parameter, string? Value, string? File)
{
    public bool IsSecretsManager => SecretId is not null;

    /// <summary>Gets the configuration key of the id, e.g. <c>AponoSecrets:db:SecretId</c>.</summary>
    public string IdKey => $"{AponoSecretsSettings.Section}:{Name}:{(IsSecretsManager ? "SecretId" : "Parameter")}";

    public string Kind => IsSecretsManager ? "Secrets Manager secret" : "SSM parameter";

    public string IamAction => IsSecretsManager ? "secretsmanager:GetSecretValue" : "ssm:GetParameter";
}
