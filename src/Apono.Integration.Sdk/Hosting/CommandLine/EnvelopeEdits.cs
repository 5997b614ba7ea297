using System.Text.Json;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary>What <c>invoke</c>'s options change in an envelope: the event type, <c>params</c> fields and custom parameters.</summary>
internal sealed class EnvelopeEdits
{
    public string? EventType { get; set; }

    /// <summary>Gets the <c>params</c> fields to set, by name, each with the writer of its new value.</summary>
    public Dictionary<string, Action<Utf8JsonWriter>> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the custom parameters that replace the envelope's (<c>--params-file</c>); <see langword="null"/> keeps the envelope's.</summary>
    public Dictionary<string, JsonElement>? ReplaceCustomParameters { get; set; }

    /// <summary>Gets the custom parameters set on top (<c>--param</c>), which win over both the envelope's and the file's.</summary>
    public Dictionary<string, JsonElement> SetCustomParameters { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => EventType is null && Fields.Count == 0 && ReplaceCustomParameters is null && SetCustomParameters.Count == 0;

    private bool EditsCustomParameters => ReplaceCustomParameters is not null || SetCustomParameters.Count > 0;

    public void SetString(string name, string? value)
    {
        if (value is not null)
        {
            Fields[name] = writer => writer.WriteStringValue(value);
        }
    }

    /// <summary>
    /// Copies the envelope token by token into a new one with the edits applied, without building a document of it:
    /// an edited field is written where it was (every occurrence, so a duplicated key reaches the SDK as sent), a
    /// missing one at the end of <c>params</c>. A <c>params</c> or <c>custom_parameters</c> that is not an object is replaced.
    /// </summary>
    /// <returns>The edited envelope, or <see langword="null"/> when the body is not one valid JSON object.</returns>
    public byte[]? ApplyTo(ReadOnlySpan<byte> body)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>(body.Length + 256);
        try
        {
            var reader = new Utf8JsonReader(body);
            using (var writer = new Utf8JsonWriter(output, Internal.ReplyWriter.WriterOptions))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                writer.WriteStartObject();
                var sawEventType = false;
                var sawParams = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (EventType is not null && reader.ValueTextEquals("event_type"u8))
                    {
                        sawEventType = true;
                        reader.Read();
                        reader.Skip();
                        writer.WriteString("event_type"u8, EventType);
                    }
                    else if (reader.ValueTextEquals("params"u8))
                    {
                        sawParams = true;
                        writer.WritePropertyName("params"u8);
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            CopyParams(ref reader, writer, body);
                        }
                        else
                        {
                            reader.Skip();
                            WriteNewParams(writer);
                        }
                    }
                    else
                    {
                        CopyProperty(ref reader, writer, body);
                    }
                }

                if (EventType is not null && !sawEventType)
                {
                    writer.WriteString("event_type"u8, EventType);
                }

                if (!sawParams)
                {
                    writer.WritePropertyName("params"u8);
                    WriteNewParams(writer);
                }

                writer.WriteEndObject();
                if (reader.Read())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return output.WrittenSpan.ToArray();
    }

    private void CopyParams(ref Utf8JsonReader reader, Utf8JsonWriter writer, ReadOnlySpan<byte> body)
    {
        writer.WriteStartObject();
        var written = new HashSet<string>(StringComparer.Ordinal);
        var sawCustom = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (Fields.TryGetValue(name, out var write))
            {
                reader.Read();
                reader.Skip();
                writer.WritePropertyName(name);
                write(writer);
                written.Add(name);
            }
            else if (EditsCustomParameters && name == "custom_parameters")
            {
                sawCustom = true;
                writer.WritePropertyName("custom_parameters"u8);
                reader.Read();
                if (ReplaceCustomParameters is null && reader.TokenType == JsonTokenType.StartObject)
                {
                    CopyCustomParameters(ref reader, writer, body);
                }
                else
                {
                    reader.Skip();
                    WriteNewCustomParameters(writer);
                }
            }
            else
            {
                CopyProperty(ref reader, writer, body);
            }
        }

        foreach (var (name, write) in Fields)
        {
            if (!written.Contains(name))
            {
                writer.WritePropertyName(name);
                write(writer);
            }
        }

        if (EditsCustomParameters && !sawCustom)
        {
            writer.WritePropertyName("custom_parameters"u8);
            WriteNewCustomParameters(writer);
        }

        writer.WriteEndObject();
    }

    private void CopyCustomParameters(ref Utf8JsonReader reader, Utf8JsonWriter writer, ReadOnlySpan<byte> body)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (SetCustomParameters.ContainsKey(reader.GetString()!))
            {
                reader.Read();
                reader.Skip();
            }
            else
            {
                CopyProperty(ref reader, writer, body);
            }
        }

        foreach (var (key, value) in SetCustomParameters)
        {
            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private void WriteNewParams(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, write) in Fields)
        {
            writer.WritePropertyName(name);
            write(writer);
        }

        if (EditsCustomParameters)
        {
            writer.WritePropertyName("custom_parameters"u8);
            WriteNewCustomParameters(writer);
        }

        writer.WriteEndObject();
    }

    private void WriteNewCustomParameters(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in ReplaceCustomParameters ?? [])
        {
            if (!SetCustomParameters.ContainsKey(key))
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }
        }

        foreach (var (key, value) in SetCustomParameters)
        {
            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>Copies one property (the reader is on its name) as it was written: the value's bytes, already validated by the reader.</summary>
    private static void CopyProperty(ref Utf8JsonReader reader, Utf8JsonWriter writer, ReadOnlySpan<byte> body)
    {
        if (reader.ValueIsEscaped)
        {
            writer.WritePropertyName(reader.GetString()!);
        }
        else
        {
            writer.WritePropertyName(reader.ValueSpan);
        }

        reader.Read();
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        writer.WriteRawValue(body[start..(int)reader.BytesConsumed], skipInputValidation: true);
    }
}
