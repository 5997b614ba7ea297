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
            if (value is not null && EventTable.Find(value) is null)
            {
                result.AddError($"'{value}' is not an Apono event; expected one of: {EventTable.NameList}.");
            }
        });
        var resourceType = new Option<string?>("--resource-type")
        {
            Description = "Sets params.resource_type (and the type's first permission) of the samples; it must be one the function declares. Default: the first declared type, or 'custom-app' for a function that declares none.",
        };
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

            var custom = fromFile is null && fromFlags.Count == 0 ? null : new CustomParameters(CustomParameterOptions.Merge(fromFile, fromFlags));
            return await cli.WithRuntimeAsync(cli.Quiet(), async runtime =>
            {
                // The function starts only to tell its declarations: the samples carry its type and permission.
                var values = SampleDefaults.From(runtime.Capabilities, parsed.GetValue(resourceType), custom, out var undeclared);
                if (values is null)
                {
                    return await cli.UsageAsync(undeclared!).ConfigureAwait(false);
                }

                var type = parsed.GetValue(eventType);
                byte[] json;
                if (type is not null)
                {
                    json = EnvelopeWriter.Write(SampleEvents.For(type, values)!);
                }
                else
                {
                    using var buffer = new MemoryStream();
                    using (var writer = new Utf8JsonWriter(buffer, ReplyWriter.WriterOptions))
                    {
                        writer.WriteStartObject();
                        foreach (var known in EventTable.All)
                        {
                            writer.WritePropertyName(known.Name);
                            writer.WriteRawValue(EnvelopeWriter.Write(known.Sample(values)), skipInputValidation: true);
                        }

                        writer.WriteEndObject();
                    }

                    json = buffer.ToArray();
                }

                await cli.WriteJsonAsync(json, indented: !parsed.GetValue(compact)).ConfigureAwait(false);
                return LocalCommandLine.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }
}
