using System.Net.Sockets;
using Apono.Integration.Sdk.Errors;
using Npgsql;

namespace PostgresAccess.Connection;

/// <summary>
/// Turns driver failures into Apono errors whose messages are safe to show: they name the action and the
/// SQLSTATE, never the server's message text (which can quote statements) nor any setting value.
/// </summary>
internal static class PostgresErrors
{
    /// <summary>Translates a failure to open an admin connection; the messages name the target and its deploy-time settings.</summary>
    public static AponoException? TranslateConnect(Exception exception, PostgresTarget target, string database)
    {
        var where = $"connecting to target {target.Name}, database {database}";
        switch (exception)
        {
            case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } pg:
                return new InvalidRequestException(
                    $"PostgreSQL rejected the admin login while {where} (SQLSTATE {pg.SqlState}); check {PostgresTarget.Section}:{target.Name}:AdminUser and the secret {target.AdminSecret}.",
                    pg);
            case NpgsqlException { InnerException: System.Security.Authentication.AuthenticationException } tls:
                return new InvalidRequestException(
                    $"TLS failed while {where}: the server certificate did not verify (chain and host name, SslMode=VerifyFull); set {PostgresTarget.Section}:{target.Name}:RootCertificate to the CA bundle that signed it.",
                    tls);
            case NpgsqlException npgsql when npgsql is not PostgresException && !npgsql.IsTransient && npgsql.InnerException is null or NpgsqlException:
                // Npgsql refuses, before sending the password, a server that will not do TLS or asks for an
                // authentication method other than SCRAM-SHA-256 (RequireAuth); neither is worth a retry.
                return new InvalidRequestException(
                    $"Refused the server while {where}: it does not offer TLS, or asked for an authentication method other than SCRAM-SHA-256 (cleartext and md5 are never used); configure it for hostssl and scram-sha-256.",
                    npgsql);
            default:
                return Translate(exception, where);
        }
    }

    public static AponoException? Translate(Exception exception, string action)
    {
        switch (exception)
        {
            case AponoException:
            case OperationCanceledException:
                return null;
            case PostgresException pg:
                return pg.SqlState switch
                {
                    PostgresErrorCodes.InvalidCatalogName =>
                        new ResourceNotFoundException($"The database does not exist while {action} (SQLSTATE {pg.SqlState}).", pg),
                    PostgresErrorCodes.InsufficientPrivilege =>
                        new InvalidRequestException(
                            $"The admin user lacks a privilege needed for {action} (SQLSTATE {pg.SqlState}); it must be a superuser or own the objects it grants on and have CREATEROLE.",
                            pg),
                    _ when pg.IsTransient || pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                        or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.LockNotAvailable
                        or PostgresErrorCodes.InternalError /* "tuple concurrently updated" under concurrent GRANTs */ =>
                        new TransientException($"PostgreSQL failed temporarily while {action} (SQLSTATE {pg.SqlState}); retry.", pg),
                    _ => new InvalidRequestException($"PostgreSQL refused {action} (SQLSTATE {pg.SqlState}).", pg),
                };
            case NpgsqlException { InnerException: TimeoutException } or TimeoutException:
                return new TransientException($"PostgreSQL did not answer in time while {action}.", exception);
            case NpgsqlException { InnerException: SocketException } or SocketException:
                return new TransientException($"PostgreSQL is unreachable while {action}.", exception);
            case NpgsqlException npgsql when npgsql.IsTransient:
                return new TransientException($"PostgreSQL failed temporarily while {action}; retry.", exception);
            default:
                return null;
        }
    }
}
