using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Audit;
using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Metrics;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Tests.Operations;

/// <summary>
/// The audit line and the metrics document are written as bytes (constant parts encoded once, plain ASCII values
/// copied); these tests pin that every value, and every whole line, comes out byte for byte as the
/// <see cref="Utf8JsonWriter"/>-based writers they replaced wrote it (kept below as the reference).
/// </summary>
public sealed class TelemetryLineBytesTests
{
    private static readonly JsonWriterOptions Options = ReplyWriter.WriterOptions;

    public static TheoryData<string> Texts()
    {
        var texts = new List<string>
        {
            string.Empty, "a", "db-000001", "jane@example.com", "8476a536-e9f4-11e8-9739-2dfe598c3fcd", "grant-access",
            "quote\"inside", "back\\slash", "\"", "\\", "</script><!-- & ' + ` ~ ^", "tab\tnew\nline\rend", "\u0000", "\u001f", "\u007f",
            "\u0080", "\u009f", "é", "ü東京", "eve\u202Eoc.evil", "zero\u200Bwidth", "\u2028\u2029", "\uFEFF", "\uFFFD", "\uFFFF",
            "emoji \ud83d\ude00", "tag \U000E0041\U000E0042", "lone \ud800 high", "lone \udc00 low", "end \ud83d",
            "jane\",\"outcome\":\"ok\"},{\"record\":\"apono.audit\",\"username\":\"admin",
            new string('x', 32), new string('x', 33), new string('x', 31) + "\"", new string('x', 40) + "\"", new string('y', 5000),
            new string('z', 100) + "\u202E" + new string('z', 100),
        };
        for (var c = 0; c < 0x100; c++)
        {
            texts.Add(((char)c).ToString());
            texts.Add(new string('p', 35) + (char)c + "q");
        }

        var data = new TheoryData<string>();
        foreach (var text in texts.Distinct(StringComparer.Ordinal))
        {
            data.Add(text);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void String_IsWhatUtf8JsonWriterWrites(string text)
    {
        var expected = Reference(writer => writer.WriteStringValue(text));

        Assert.Equal(expected, Written(line => line.String(text)));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void DisplayString_IsWhatUtf8JsonWriterWritesOfTheDisplayEscape(string text)
    {
        var escaped = DisplayText.Escape(text);
        var expected = Reference(writer => writer.WriteStringValue(escaped));
        var length = -1;

        Assert.Equal(expected, Written(line => length = line.DisplayString(text)));
        Assert.Equal(escaped.Length, length);
    }

    [Fact]
    public void EveryBmpCharacter_InShortAndLongText_IsWrittenAsUtf8JsonWriterWritesIt()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            foreach (var text in new[] { "a" + (char)c, new string('b', 40) + (char)c })
            {
                var escaped = DisplayText.Escape(text);
                Assert.Equal(Reference(writer => writer.WriteStringValue(escaped)), Written(line => line.DisplayString(text)));
                if (!char.IsSurrogate((char)c))
                {
                    Assert.Equal(Reference(writer => writer.WriteStringValue(text)), Written(line => line.String(text)));
                }
            }
        }
    }

    [Fact]
    public void OneCharacterToEscape_AtEveryPositionOfEveryLength_IsFound()
    {
        foreach (var special in new[] { '"', '\\', '\u0000', '\u001f', '\u007f', '\u0080', '\u202e', '\ud800', '\uffff' })
        {
            for (var length = 1; length <= 40; length++)
            {
                for (var position = 0; position < length; position++)
                {
                    var text = new string('a', position) + special + new string('b', length - position - 1);
                    var escaped = DisplayText.Escape(text);
                    Assert.Equal(Reference(writer => writer.WriteStringValue(escaped)), Written(line => line.DisplayString(text)));
                }
            }
        }
    }

    public static TheoryData<double> Durations()
    {
        var data = new TheoryData<double>
        {
            0, 0.0001, 0.0004999, 0.0005, 0.0005000001, 0.0015, 0.0025, 0.001, 0.01, 0.1, 0.1 + 0.2, 1, 1.0005, 2.5, 3.127, 10.05,
            123.456, 999.9995, 1000, 65535.4375, 123456.789, 86_400_000, 999_999_999.9994, 999_999_999.9996, 1e9, 1e9 + 0.5, 1e12, 1e15,
            1e16, 1e20, double.Epsilon, -0.0, -1.5,
        };
        var random = new Random(20261201);
        for (var i = 0; i < 300; i++)
        {
            data.Add(random.NextDouble() * Math.Pow(10, random.Next(-4, 10)));
            data.Add(random.Next(0, 10_000_000) / 1000.0);
            data.Add((random.Next(0, 10_000_000) + 0.5) / 1000.0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Durations))]
    public void Milliseconds_IsWhatUtf8JsonWriterWritesOfTheRoundedValue(double milliseconds)
    {
        var expected = Reference(writer => writer.WriteNumberValue(Math.Round(milliseconds, 3)));

        Assert.Equal(expected, Written(line => line.Milliseconds(milliseconds)));
        Assert.Equal(expected, Written(line => line.Number(Math.Round(milliseconds, 3))));
    }

    [Fact]
    public void ManyDurations_AreWrittenAsUtf8JsonWriterWritesThem()
    {
        var random = new Random(7);
        for (var i = 0; i < 200_000; i++)
        {
            var milliseconds = i < 100_000 ? i / 997.0 : random.NextDouble() * 900_000;
            Assert.Equal(Reference(writer => writer.WriteNumberValue(Math.Round(milliseconds, 3))), Written(line => line.Milliseconds(milliseconds)));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(-7L)]
    [InlineData(1772600767123L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Number_IsWhatUtf8JsonWriterWrites(long value) =>
        Assert.Equal(Reference(writer => writer.WriteNumberValue(value)), Written(line => line.Number(value)));

    [Fact]
    public void Number_AtEveryPowerOfTenAndItsNeighbours_IsWhatUtf8JsonWriterWrites()
    {
        // The digit count is taken from the bit length: each power of ten is where it changes.
        var power = 1L;
        for (var exponent = 0; exponent <= 18; exponent++, power = exponent <= 18 ? power * 10 : power)
        {
            foreach (var value in new[] { power - 2, power - 1, power, power + 1, power * 2, -power })
            {
                Assert.Equal(Reference(writer => writer.WriteNumberValue(value)), Written(line => line.Number(value)));
            }
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(638765123456789012L)]
    [InlineData(639000000000000000L)]
    public void Timestamp_IsTheRoundTripFormatAsAString(long ticks)
    {
        var time = new DateTime(ticks, DateTimeKind.Utc);

        Assert.Equal(Reference(writer => writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture))), Written(line => line.Timestamp(time)));
    }

    [Fact]
    public void ManyNumbersAndTimestamps_AreWrittenAsUtf8JsonWriterAndRoundTripFormatWriteThem()
    {
        var random = new Random(11);
        for (var i = 0; i < 100_000; i++)
        {
            var value = i < 2_000 ? i - 1_000 : random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(0, 63);
            Assert.Equal(Reference(writer => writer.WriteNumberValue(value)), Written(line => line.Number(value)));
            var time = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            Assert.Equal("\"" + time.ToString("O", CultureInfo.InvariantCulture) + "\"", Written(line => line.Timestamp(time)));
        }

        var local = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Unspecified);
        Assert.Equal("\"" + local.ToString("O", CultureInfo.InvariantCulture) + "\"", Written(line => line.Timestamp(local)));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void DisplayItem_IsACommaThenTheDisplayString(string text)
    {
        var escaped = DisplayText.Escape(text);
        var expected = Reference(writer => writer.WriteStringValue(escaped));

        Assert.Equal(expected, Written(line => Assert.Equal(escaped.Length, line.DisplayItem(text, comma: false))));
        Assert.Equal("," + expected, Written(line => Assert.Equal(escaped.Length, line.DisplayItem(text, comma: true))));
    }

    [Fact]
    public void SameDuration_Twice_IsWrittenTheSameBothTimes()
    {
        Assert.Equal("3.127,3.127,0.5,3.127", Written(line =>
        {
            line.Milliseconds(3.1274);
            line.Raw(","u8);
            line.Milliseconds(3.1274);
            line.Raw(","u8);
            line.Milliseconds(0.5);
            line.Raw(","u8);
            line.Milliseconds(3.1274);
        }));
    }

    [Fact]
    public void LongLine_GrowsTheBufferAndKeepsEveryByte()
    {
        var text = new string('k', 300_000);

        Assert.Equal("\"" + text + "\"\"x\"", Written(line =>
        {
            line.String(text);
            line.String("x");
        }));
        Assert.Equal("\"short\"", Written(line => line.String("short")));
    }

    public static TheoryData<string?, string?, int, int> AuditCases()
    {
        var data = new TheoryData<string?, string?, int, int>
        {
            { "g-1", "read", 2, 4 },
            { null, null, 2, 4 },
            { "g\"1", "read\\write", 0, 4 },
            { "g-\u202E1", "r\u0000", 10, 9 },
            { "g", "p", 1000, 9 },
            { "g", "p", 1000, 240 },
            { "g", "p", 30, 5000 },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(AuditCases))]
    public void AuditLine_IsWhatTheUtf8JsonWriterRecordWriterWrote(string? grantId, string? permission, int count, int idLength)
    {
        var resources = Enumerable.Range(0, count).Select(i => i % 3 == 2 ? "id\u200B\"" + i + new string('x', idLength) : "db-" + i + new string('x', idLength)).ToArray();
        var fields = new AuditFields("grant-access", grantId, "postgres\"db", "jane\",\"outcome\":\"ok", resources, permission);
        var timestamp = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 123, TimeSpan.Zero).AddTicks(4567);
        var record = new AuditRecord
        {
            Timestamp = timestamp,
            RequestId = "req-\"1",
            EventType = fields.EventType,
            GrantId = grantId is null ? null : DisplayText.Escape(grantId),
            ResourceType = DisplayText.Escape(fields.ResourceType),
            Username = DisplayText.Escape(fields.Username),
            Resources = resources.Select(DisplayText.Escape).ToArray(),
            Permission = permission is null ? null : DisplayText.Escape(permission),
            Outcome = "NotFound",
            Duration = TimeSpan.FromTicks(31_274_999),
        };
        var expected = Reference(writer => ReferenceAuditLine(writer, record, "WARN"));

        var actual = Written(line => AuditRecordWriter.Write(line, fields, timestamp, record.RequestId, record.Outcome, record.Duration.TotalMilliseconds, JsonEncodedText.Encode("WARN")));

        Assert.Equal(expected, actual);
        using var parsed = JsonDocument.Parse(actual);
        Assert.Equal(fields.Username, parsed.RootElement.GetProperty("username").GetString());
    }

    public static TheoryData<string, bool> ReadResourceLists() => new()
    {
        // Compact arrays of strings without escapes: the reader keeps their text, and the line copies it when it can.
        { "\"db-000001\",\"db-000002\",\"a,b <&> ' + `\"", true },
        { string.Join(',', Enumerable.Range(0, 1_000).Select(i => "\"db-" + i.ToString("D6", CultureInfo.InvariantCulture) + "\"")), true },
        { "\"db-\u00fc\",\"plain\"", true },
        { "\"team-\U0001F468\u200D\U0001F469\"", true },
        { string.Join(',', Enumerable.Range(0, 26).Select(i => "\"" + new string((char)('a' + i), 2_000) + "\"")), true },

        // Not kept: whitespace in the array, an escape in an id.
        { "\"db-1\", \"db-2\"", false },
        { " \"db-1\",\"db-2\"", false },
        { "\"db-1\",\"db-\\u0032\"", false },
        { "\"db-\\\"q\",\"db-2\"", false },
    };

    [Theory]
    [MemberData(nameof(ReadResourceLists))]
    public void AuditLine_OfIdsReadFromTheBody_IsTheLineOfTheSameIdsOneByOne(string items, bool kept)
    {
        // The same request read from a body, then its ids written as the reader gave them and as a plain array: the
        // copied text (non-ASCII ids and a list over the id budget fall back to one by one) must give the same bytes.
        var body = Encoding.UTF8.GetBytes("{\"event_type\":\"grant-access\",\"params\":{\"grant_id\":\"g-1\",\"username\":\"jane@example.com\"," +
            "\"resource_type\":\"t\",\"resources\":[" + items + "],\"permission\":\"read\"}}");
        var request = Assert.IsType<Apono.Integration.Sdk.Contracts.GrantAccessRequest>(RequestReader.Read(body, new AponoFunctionOptions()));
        Assert.Equal(kept, request.Resources is ReadResourceIds);
        var timestamp = new DateTimeOffset(2026, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);
        string Line(IReadOnlyList<string> resources) => Written(line => AuditRecordWriter.Write(line,
            new AuditFields("grant-access", "g-1", "t", "jane@example.com", resources, "read"), timestamp, "req-1", "ok", 1.5, JsonEncodedText.Encode("INFO")));

        var fromBody = Line(request.Resources);

        Assert.Equal(Line([.. request.Resources]), fromBody);
        using var parsed = JsonDocument.Parse(fromBody);
        var listed = parsed.RootElement.GetProperty("resources").EnumerateArray().Select(static e => e.GetString()).ToArray();
        Assert.Equal(request.Resources.Take(listed.Length), listed);
    }

    public static TheoryData<string?, string?, bool> EmfCases() => new()
    {
        { "postgres-database", null, false },
        { null, null, false },
        { "postgres-database", "Timeout", false },
        { null, "Transient", false },
        { "postgres-database", "InternalError", true },
        { "a\"b", "c\\d", true },
    };

    [Theory]
    [MemberData(nameof(EmfCases))]
    public void MetricsDocument_IsWhatTheUtf8JsonWriterDocumentWriterWrote(string? resourceType, string? errorType, bool configured)
    {
        var options = new AponoTelemetryOptions();
        if (configured)
        {
            options.MetricsNamespace = "Team/Access \"x\"";
            options.MetricDimensions["Environment"] = "production";
            options.MetricDimensions["Cost\\Center"] = "42 <&>";
            options.MetricDimensionSets.Add(["FunctionName", "ErrorType"]);
            options.MetricDimensionSets.Add(["Environment", "ResourceType", "ErrorType"]);
        }

        var writer = new EmfDocumentWriter(options, "fn-\"name", "ERROR");
        var expected = Reference(json => ReferenceEmfDocument(json, options, "fn-\"name", "ERROR", 1772600767123, "req\"1", "grant-access", resourceType, errorType, 3.1274999, 15, 2));

        var actual = Written(line => writer.Write(line, 1772600767123, "req\"1", "grant-access", resourceType, errorType, 3.1274999, 15, 2));

        Assert.Equal(expected, actual);
        Assert.Empty(EmfValidator.Problems(actual));
    }

    private static string Written(Action<TelemetryLineWriter> write)
    {
        var line = TelemetryLineWriter.Rent();
        try
        {
            write(line);
            return Encoding.UTF8.GetString(line.WrittenSpan);
        }
        finally
        {
            line.Return();
        }
    }

    private static string Reference(Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    // The audit line as the Utf8JsonWriter-based AuditRecordWriter wrote it from an AuditRecord.
    private static void ReferenceAuditLine(Utf8JsonWriter writer, AuditRecord record, string level)
    {
        writer.WriteStartObject();
        writer.WriteString("record"u8, AuditRecordWriter.RecordName);
        writer.WriteString("timestamp"u8, record.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("level"u8, level);
        writer.WriteString("requestId"u8, record.RequestId);
        writer.WriteString("eventType"u8, record.EventType);
        if (record.GrantId is { } grantId)
        {
            writer.WriteString("grantId"u8, grantId);
        }

        writer.WriteString("resourceType"u8, record.ResourceType);
        writer.WriteString("username"u8, record.Username);
        writer.WriteStartArray("resources"u8);
        var budget = AuditRecordWriter.ResourceBudgetBytes;
        var written = 0;
        foreach (var resource in record.Resources)
        {
            budget -= resource.Length * 3;
            if (budget < 0)
            {
                break;
            }

            writer.WriteStringValue(resource);
            written++;
        }

        writer.WriteEndArray();
        writer.WriteNumber("resourceCount"u8, record.Resources.Count);
        if (written < record.Resources.Count)
        {
            writer.WriteNumber("resourcesOmitted"u8, record.Resources.Count - written);
        }

        if (record.Permission is { } permission)
        {
            writer.WriteString("permission"u8, permission);
        }

        writer.WriteString("outcome"u8, record.Outcome);
        writer.WriteNumber("durationMs"u8, Math.Round(record.Duration.TotalMilliseconds, 3));
        writer.WriteEndObject();
    }

    // The metrics document as the Utf8JsonWriter-based EmfDocumentWriter wrote it.
    private static void ReferenceEmfDocument(Utf8JsonWriter writer, AponoTelemetryOptions options, string functionName, string level, long timestamp,
        string requestId, string eventType, string? resourceType, string? errorType, double milliseconds, int replyBytes, int sinkFailures)
    {
        (string Name, string Unit)[] definitions =
        [
            (AponoMetricNames.Invocations, "Count"), (AponoMetricNames.Errors, "Count"), (AponoMetricNames.Timeouts, "Count"),
            (AponoMetricNames.Duration, "Milliseconds"), (AponoMetricNames.ReplyBytes, "Bytes"), (AponoMetricNames.AuditSinkFailures, "Count"),
        ];
        writer.WriteStartObject();
        writer.WriteStartObject("_aws"u8);
        writer.WriteNumber("Timestamp"u8, timestamp);
        writer.WriteStartArray("CloudWatchMetrics"u8);
        writer.WriteStartObject();
        writer.WriteString("Namespace"u8, options.MetricsNamespace);
        writer.WriteStartArray("Dimensions"u8);
        foreach (var set in options.MetricDimensionSets)
        {
            if ((resourceType is null && set.Contains(AponoMetricNames.ResourceTypeDimension))
                || (errorType is null && set.Contains(AponoMetricNames.ErrorTypeDimension)))
            {
                continue;
            }

            writer.WriteStartArray();
            foreach (var name in set)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("Metrics"u8);
        foreach (var (name, unit) in definitions)
        {
            writer.WriteStartObject();
            writer.WriteString("Name"u8, name);
            writer.WriteString("Unit"u8, unit);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteString("level"u8, level);
        writer.WriteString("requestId"u8, requestId);
        writer.WriteString(AponoMetricNames.FunctionNameDimension, functionName);
        writer.WriteString(AponoMetricNames.EventTypeDimension, eventType);
        if (resourceType is not null)
        {
            writer.WriteString(AponoMetricNames.ResourceTypeDimension, resourceType);
        }

        if (errorType is not null)
        {
            writer.WriteString(AponoMetricNames.ErrorTypeDimension, errorType);
        }

        foreach (var (name, value) in options.MetricDimensions)
        {
            writer.WriteString(name, value);
        }

        writer.WriteNumber(AponoMetricNames.Invocations, 1);
        writer.WriteNumber(AponoMetricNames.Errors, errorType is null ? 0 : 1);
        writer.WriteNumber(AponoMetricNames.Timeouts, errorType == "Timeout" ? 1 : 0);
        writer.WriteNumber(AponoMetricNames.Duration, Math.Round(milliseconds, 3));
        writer.WriteNumber(AponoMetricNames.ReplyBytes, replyBytes);
        writer.WriteNumber(AponoMetricNames.AuditSinkFailures, sinkFailures);
        writer.WriteEndObject();
    }
}
