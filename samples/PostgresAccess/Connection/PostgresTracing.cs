using System.Diagnostics;
using Apono.Integration.Sdk.Tracing;
using Npgsql;

namespace PostgresAccess.Connection;

/// <summary>
/// Npgsql's spans (ActivitySource <c>Npgsql</c>) for this sample's database calls: one per command, a child of the
/// SDK's author-method span, so a trace shows which statements a grant ran and how long each took.
/// </summary>
/// <remarks>
/// A command is traced only inside an SDK span: with the SDK's tracing off (<c>Apono__Telemetry__Tracing=false</c>)
/// or no tracer provider, none is. A statement that sets a password is never traced: its text carries the SCRAM
/// verifier as a literal (<c>ALTER ROLE ... PASSWORD '...'</c>, built by the server's <c>format()</c>), and a span
/// records the statement text. A tracer provider subscribes with <c>.AddSource("Npgsql")</c>.
/// </remarks>
internal static class PostgresTracing
{
    public static void Configure(NpgsqlTracingOptionsBuilder tracing) => tracing
        .ConfigureCommandFilter(static command => IsTraced(command.CommandText))
        .ConfigureBatchFilter(static batch => IsTraced(batch));

    private static bool IsTraced(NpgsqlBatch batch)
    {
        foreach (var command in batch.BatchCommands)
        {
            if (!IsTraced(command.CommandText))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTraced(string commandText) =>
        Activity.Current is { } current
        && current.Source.Name == AponoTelemetry.SourceName
        && !commandText.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase);
}
