using System.Diagnostics;
using System.Text.Json;
using Apono.Integration.Sdk.Audit;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Metrics;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Benchmarks;

/// <summary>Times each telemetry line part alone in a loop (for a profiler or a quick look), after a warm-up.</summary>
internal static class TelemetryParts
{
    public static int Run(int count)
    {
        var ids = Enumerable.Range(0, count).Select(static i => "db-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var fields = new AuditFields("grant-access", "a5d3f6e2-5b5f-4d8e-9c1e-3f2b1a0c9d8e", "postgres-database", "jane@example.com", ids, "read-only");
        var level = JsonEncodedText.Encode("INFO");
        var emf = new EmfDocumentWriter(new AponoTelemetryOptions(), "bench", "INFO");
        var now = DateTimeOffset.UtcNow;
        const string RequestId = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";
        void Audit(TelemetryLineWriter line) => AuditRecordWriter.Write(line, fields, now, RequestId, "ok", 3.127, level);
        void Metrics(TelemetryLineWriter line) => emf.Write(line, now.ToUnixTimeMilliseconds(), RequestId, "grant-access", "postgres-database", null, 3.127, 15, 0);
        void Strings(TelemetryLineWriter line)
        {
            for (var i = 0; i < 10; i++)
            {
                _ = line.DisplayString(ids[i % ids.Length]);
            }
        }

        string[] texts = ["8476a536-e9f4-11e8-9739-2dfe598c3fcd", "grant-access", "a5d3f6e2-5b5f-4d8e-9c1e-3f2b1a0c9d8e", "postgres-database", "jane@example.com", "read-only", "ok", "8476a536-e9f4-11e8-9739-2dfe598c3fcd", "grant-access", "postgres-database"];
        void Texts(TelemetryLineWriter line)
        {
            var span = line.GetSpan(512);
            var at = 0;
            foreach (var text in texts)
            {
                at = TelemetryLineWriter.PutPlain(span, at, text, comma: false);
            }
        }

        void Nothing(TelemetryLineWriter line)
        {
        }

        void Time(TelemetryLineWriter line) => line.Timestamp(now.UtcDateTime);
        void Request(TelemetryLineWriter line) => line.String(RequestId);
        void Short(TelemetryLineWriter line) => line.String("ok");
        void Count(TelemetryLineWriter line) => line.Number(1000);
        void Raw(TelemetryLineWriter line) => line.Raw(",\"resourceCount\":"u8);
        var m = 0.0;
        void Millis(TelemetryLineWriter line) => line.Milliseconds(m += 0.001);

        foreach (var (name, part) in new (string, Action<TelemetryLineWriter>)[] { ("rent+return", Nothing), ("10 texts", Texts), ("audit", Audit), ("metrics", Metrics), ("10 ids", Strings), ("timestamp", Time), ("requestId", Request), ("ok", Short), ("1000", Count), ("raw", Raw), ("ms", Millis) })
        {
            var n = count >= 1000 ? 20_000 : 1_000_000;
            for (var round = 0; round < 15; round++)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < n; i++)
                {
                    var line = TelemetryLineWriter.Rent();
                    part(line);
                    line.Return();
                }

                if (round >= 13)
                {
                    Console.WriteLine($"{name}: {watch.Elapsed.TotalNanoseconds / n:F1} ns");
                }
            }
        }

        return 0;
    }
}
