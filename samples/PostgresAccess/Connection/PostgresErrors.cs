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
                    PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                        new InvalidRequestException(
                            $"PostgreSQL rejected the admin login while {action} (SQLSTATE {pg.SqlState}); check custom_parameters.admin_user and the password in the environment variable named by custom_parameters.password_env.",
                            pg),
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
                return new TransientException($"PostgreSQL is unreachable while {action} (custom_parameters.host/port).", exception);
            case NpgsqlException npgsql when npgsql.IsTransient:
                return new TransientException($"PostgreSQL failed temporarily while {action}; retry.", exception);
            default:
                return null;
        }
    }
}
