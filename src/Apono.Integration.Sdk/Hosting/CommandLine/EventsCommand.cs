using System.CommandLine;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary><c>events</c>: prints a sample request envelope per event, ready to edit and pipe into <c>invoke</c>.</summary>
internal static class EventsCommand
{
    public static Command Create(LocalCommandLine cli)
    {
        var eventType = new Argument<string?>("event-type")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The event whose sample to print. Without it, prints one object holding a sample per event type.",
        };
        eventType.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && !AponoEventType.All.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"'{value}' is not an Apono event; expected one of: {string.Join(", ", AponoEventType.All)}.");
            }
        });
        var resourceType = new Option<string?>("--resource-type") { Description = $"Sets params.resource_type of the per-type events. Default: '{SampleEvents.ResourceType}'." };
        var parameters = new CustomParameterOptions("Sets params.custom_parameters[key] of the samples; repeat for several.");
        var compact = new Option<bool>("--json") { Description = "Prints compact one-line JSON instead of indented JSON." };
        var command = new Command("events", "Prints a realistic sample request envelope, ready to edit and pipe back into 'invoke'.")
        {
            eventType, resourceType, parameters.Param, parameters.File, compact,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (fromFile, fromFlags, problem) = parameters.Read(parsed);
            if (problem is not null)
            {
                return await cli.UsageAsync(problem).ConfigureAwait(false);
            }

            var sample = new SampleEvents.Defaults
            {
                ResourceType = parsed.GetValue(resourceType) ?? SampleEvents.ResourceType,
                CustomParameters = fromFile is null && fromFlags.Count == 0 ? null : new CustomParameters(CustomParameterOptions.Merge(fromFile, fromFlags)),
            };
            var type = parsed.GetValue(eventType);
            byte[] json;
            if (type is not null)
            {
                json = EnvelopeWriter.Write(SampleEvents.For(type, sample)!);
            }
            else
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
                {
                    writer.WriteStartObject();
                    foreach (var known in AponoEventType.All)
                    {
                        writer.WritePropertyName(known);
                        writer.WriteRawValue(EnvelopeWriter.Write(SampleEvents.For(known, sample)!), skipInputValidation: true);
                    }

                    writer.WriteEndObject();
                }

                json = buffer.ToArray();
            }

            await cli.WriteJsonAsync(json, indented: !parsed.GetValue(compact)).ConfigureAwait(false);
            return LocalCommandLine.Success;
        });
        return command;
    }
}
