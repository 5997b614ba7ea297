using System.CommandLine;
using System.Text.Json;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary><c>invoke</c>: sends one envelope (from stdin, a file, or an event's sample) through the pipeline and prints the answer.</summary>
internal static class InvokeCommand
{
    /// <summary>The most request bytes the command line reads, as Lambda delivers at most 6,291,456.</summary>
    private const int MaxBodyBytes = AponoFunctionOptions.LambdaReplyLimitBytes;

    public static Command Create(LocalCommandLine cli)
    {
        var eventType = new Argument<string?>("event-type")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The event to send, e.g. grant-access. Without it (and without --file), or as '-', one full request envelope is read from stdin.",
        };
        eventType.Validators.Add(static result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[0].Value is { Length: > 1 } value && value[0] == '-')
            {
                result.AddError($"Unrecognized option '{value}'.");
            }
        });
        var resourceType = new Option<string?>("--resource-type")
        {
            Description = "Sets params.resource_type; it must be one the function declares. An event type's sample carries the first declared type (or 'custom-app') and that type's first permission.",
        };
        var username = new Option<string?>("--username") { Description = "Sets params.username (the grantee's e-mail address)." };
        var grantId = new Option<string?>("--grant-id") { Description = "Sets params.grant_id." };
        var resources = new Option<string[]>("--resource") { Description = "A resource id for params.resources; repeat for several. Replaces the sample's list." };
        var permission = new Option<string?>("--permission") { Description = "Sets params.permission." };
        var parameters = new CustomParameterOptions("Sets params.custom_parameters[key]; repeat for several.");
        var file = new Option<string?>("--file", "-f") { Description = "Reads the envelope to send from this file, or from stdin when '-'. Options above are applied on top." };
        var compact = new Option<bool>("--json") { Description = "Prints the reply as compact one-line JSON instead of indented JSON." };

        var command = new Command("invoke", "Sends one event through the SDK pipeline and prints the reply JSON (exit 0) or the error JSON {errorType, errorMessage} (exit 1).")
        {
            eventType, resourceType, username, grantId, resources, permission, parameters.Param, parameters.File, file, compact,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var type = parsed.GetValue(eventType);
            var path = parsed.GetValue(file);
            if (type == "-")
            {
                (type, path) = (null, path ?? "-");
            }

            var (fromFile, fromFlags, problem) = parameters.Read(parsed);
            if (problem is not null)
            {
                return await cli.UsageAsync(problem).ConfigureAwait(false);
            }

            ReadOnlyMemory<byte> body = default;
            long length = 0;
            if ((path is null && type is null) || path == "-")
            {
                (body, length) = await BoundedInput.ReadAsync(cli.Stdin, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            }
            else if (path is not null)
            {
                if (!File.Exists(path))
                {
                    return await cli.UsageAsync($"--file: '{path}' does not exist.").ConfigureAwait(false);
                }

                var stream = File.OpenRead(path);
                await using (stream.ConfigureAwait(false))
                {
                    (body, length) = await BoundedInput.ReadAsync(stream, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
                }
            }

            return await cli.WithRuntimeAsync(cli.Settings, async runtime =>
            {
                var values = SampleDefaults.From(runtime.Capabilities, parsed.GetValue(resourceType), null, out var undeclared);
                if (values is null)
                {
                    return await cli.UsageAsync(undeclared!).ConfigureAwait(false);
                }

                if (type is not null && path is null)
                {
                    // The event's sample, with the function's declared type and permission.
                    body = EnvelopeWriter.Write(SampleEvents.For(type, values) ?? new Contracts.GetStatusRequest());
                    length = body.Length;
                }

                if (length > MaxBodyBytes)
                {
                    // Lambda never delivers a larger request; the rest was counted, not kept.
                    var max = Math.Min(runtime.Pipeline.Options.MaxRequestBytes, MaxBodyBytes);
                    await cli.WriteJsonAsync(InvocationResult.Failure(AponoErrorType.InvalidRequest, RequestReader.TooLarge(length, max)).Body, indented: !parsed.GetValue(compact)).ConfigureAwait(false);
                    return LocalCommandLine.EventFailed;
                }

                var edits = new EnvelopeEdits { EventType = type, ReplaceCustomParameters = fromFile };
                edits.SetString("resource_type", parsed.GetValue(resourceType));
                edits.SetString("username", parsed.GetValue(username));
                edits.SetString("grant_id", parsed.GetValue(grantId));
                edits.SetString("permission", parsed.GetValue(permission));
                if (parsed.GetValue(resources) is { Length: > 0 } ids)
                {
                    edits.Fields["resources"] = writer =>
                    {
                        writer.WriteStartArray();
                        foreach (var id in ids)
                        {
                            writer.WriteStringValue(id);
                        }

                        writer.WriteEndArray();
                    };
                }

                foreach (var (key, value) in fromFlags)
                {
                    edits.SetCustomParameters[key] = value;
                }

                if (!edits.IsEmpty)
                {
                    // Streamed token by token: an envelope of several megabytes is not built into a document to change a field.
                    var edited = edits.ApplyTo(body.Span);
                    if (edited is null)
                    {
                        return await cli.UsageAsync("The envelope is not a JSON object, so the event type and options cannot be applied to it; send it without options to see the SDK's error.").ConfigureAwait(false);
                    }

                    body = edited;
                }

                var result = await runtime.Pipeline.InvokeAsync(body, InvocationMetadata.Local(), cancellationToken).ConfigureAwait(false);
                await cli.WriteJsonAsync(result.Body, indented: !parsed.GetValue(compact)).ConfigureAwait(false);
                return result.IsSuccess ? LocalCommandLine.Success : LocalCommandLine.EventFailed;
            }).ConfigureAwait(false);
        });
        return command;
    }
}
