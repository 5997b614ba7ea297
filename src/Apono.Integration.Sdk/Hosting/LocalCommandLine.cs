using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;
using Microsoft.Extensions.Logging;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>
/// The command line of a function executable outside Lambda: <c>invoke</c>, <c>events</c> and <c>check</c>.
/// stdout carries only JSON or the report; logs and usage errors go to stderr.
/// </summary>
/// <remarks>
/// Exit codes: 0 the event answered (or every conformance rule passed), 1 the event failed (or a rule failed),
/// 2 the command line is wrong. Every command runs the function through the one <see cref="InvocationPipeline"/>.
/// </remarks>
internal sealed class LocalCommandLine
{
    public const int Success = 0;
    public const int EventFailed = 1;
    public const int UsageError = 2;

    /// <summary>The exit code when the function fails to start (its <see cref="AponoStartupException"/> message goes to stderr).</summary>
    public const int StartupFailed = 1;

    /// <summary>The most request bytes the command line reads, as Lambda delivers at most 6,291,456.</summary>
    private const int MaxBodyBytes = AponoFunctionOptions.LambdaReplyLimitBytes;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Func<AponoIntegrationFunction> createFunction;
    private readonly Stream stdin;
    private readonly Stream stdout;
    private readonly TextWriter output;
    private readonly TextWriter error;
    private readonly FunctionHostSettings settings;

    private LocalCommandLine(Func<AponoIntegrationFunction> createFunction, Stream stdin, Stream stdout, TextWriter output, TextWriter error, FunctionHostSettings settings)
    {
        this.createFunction = createFunction;
        this.stdin = stdin;
        this.stdout = stdout;
        this.output = output;
        this.error = error;
        this.settings = settings;
    }

    public static async Task<int> RunAsync(Func<AponoIntegrationFunction> createFunction, string[] args, Stream stdin, Stream stdout, Stream stderr, FunctionHostSettings settings)
    {
        var output = new StreamWriter(stdout, Utf8, bufferSize: 4096, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
        var error = new StreamWriter(stderr, Utf8, bufferSize: 1024, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
        await using (output.ConfigureAwait(false))
        await using (error.ConfigureAwait(false))
        {
            var commandLine = new LocalCommandLine(createFunction, stdin, stdout, output, error, settings);
            var root = commandLine.BuildRoot();
            var parsed = root.Parse(args);
            if (parsed.Action is ParseErrorAction)
            {
                foreach (var problem in parsed.Errors)
                {
                    await error.WriteLineAsync(problem.Message).ConfigureAwait(false);
                }

                var command = parsed.CommandResult.Command;
                var path = command == root ? root.Name : $"{root.Name} {command.Name}";
                await error.WriteLineAsync($"Run '{path} --help' for usage.").ConfigureAwait(false);
                return UsageError;
            }

            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
    }

    private RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Runs this Apono integration function locally: invoke an event, print sample events, or check the function against the Apono contract. " +
            "Under AWS Lambda (AWS_LAMBDA_RUNTIME_API set) the same executable serves the Lambda Runtime API instead.");
        root.Subcommands.Add(BuildInvoke());
        root.Subcommands.Add(BuildEvents());
        root.Subcommands.Add(BuildCheck());
        return root;
    }

    private Command BuildInvoke()
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
        var resourceType = new Option<string?>("--resource-type") { Description = "Sets params.resource_type." };
        var username = new Option<string?>("--username") { Description = "Sets params.username (the grantee's e-mail address)." };
        var grantId = new Option<string?>("--grant-id") { Description = "Sets params.grant_id." };
        var resources = new Option<string[]>("--resource") { Description = "A resource id for params.resources; repeat for several. Replaces the sample's list." };
        var permission = new Option<string?>("--permission") { Description = "Sets params.permission." };
        var parameters = ParamOption("Sets params.custom_parameters[key]; repeat for several.");
        var file = new Option<string?>("--file", "-f") { Description = "Reads the envelope to send from this file, or from stdin when '-'. Options above are applied on top." };
        var compact = new Option<bool>("--json") { Description = "Prints the reply as compact one-line JSON instead of indented JSON." };

        var command = new Command("invoke", "Sends one event through the SDK pipeline and prints the reply JSON (exit 0) or the error JSON {errorType, errorMessage} (exit 1).")
        {
            eventType, resourceType, username, grantId, resources, permission, parameters, file, compact,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var type = parsed.GetValue(eventType);
            var path = parsed.GetValue(file);
            if (type == "-")
            {
                (type, path) = (null, path ?? "-");
            }

            ReadOnlyMemory<byte> body;
            long length;
            if ((path is null && type is null) || path == "-")
            {
                (body, length) = await ReadBoundedAsync(stdin, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            }
            else if (path is not null)
            {
                if (!File.Exists(path))
                {
                    await error.WriteLineAsync($"--file: '{path}' does not exist.").ConfigureAwait(false);
                    return UsageError;
                }

                var stream = File.OpenRead(path);
                await using (stream.ConfigureAwait(false))
                {
                    (body, length) = await ReadBoundedAsync(stream, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                body = EnvelopeWriter.Write(SampleEvents.For(type!) ?? new GetStatusRequest());
                length = body.Length;
            }

            if (length > MaxBodyBytes)
            {
                // Lambda never delivers a larger request; the rest was counted, not kept.
                return await WithPipelineAsync(settings, async pipeline =>
                {
                    var max = Math.Min(pipeline.Options.MaxRequestBytes, MaxBodyBytes);
                    await WriteJsonAsync(InvocationResult.Failure(AponoErrorType.InvalidRequest, RequestReader.TooLarge(length, max)).Body, indented: !parsed.GetValue(compact)).ConfigureAwait(false);
                    return EventFailed;
                }).ConfigureAwait(false);
            }

            var edits = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            AddEdit(edits, "resource_type", parsed.GetValue(resourceType));
            AddEdit(edits, "username", parsed.GetValue(username));
            AddEdit(edits, "grant_id", parsed.GetValue(grantId));
            AddEdit(edits, "permission", parsed.GetValue(permission));
            if (parsed.GetValue(resources) is { Length: > 0 } ids)
            {
                edits["resources"] = new JsonArray(ids.Select(static id => (JsonNode?)JsonValue.Create(id)).ToArray());
            }

            var customParameters = ParseParams(parsed.GetValue(parameters));
            if (type is not null || edits.Count > 0 || customParameters.Count > 0)
            {
                var edited = Edit(body, type, edits, customParameters);
                if (edited is null)
                {
                    await error.WriteLineAsync("The envelope is not a JSON object, so the event type and options cannot be applied to it; send it without options to see the SDK's error.").ConfigureAwait(false);
                    return UsageError;
                }

                body = edited;
            }

            return await WithPipelineAsync(settings, async pipeline =>
            {
                var result = await pipeline.InvokeAsync(body, InvocationMetadata.Local(), cancellationToken).ConfigureAwait(false);
                await WriteJsonAsync(result.Body, indented: !parsed.GetValue(compact)).ConfigureAwait(false);
                return result.IsSuccess ? Success : EventFailed;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private Command BuildEvents()
    {
        var eventType = new Argument<string?>("event-type")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The event whose sample to print. Without it, prints one object holding a sample per event type.",
        };
        eventType.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && SampleEvents.For(value) is null)
            {
                result.AddError($"'{value}' is not an Apono event; expected one of: {string.Join(", ", AponoEventType.All)}.");
            }
        });
        var compact = new Option<bool>("--json") { Description = "Prints compact one-line JSON instead of indented JSON." };
        var command = new Command("events", "Prints a realistic sample request envelope, ready to edit and pipe back into 'invoke'.") { eventType, compact };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var type = parsed.GetValue(eventType);
            byte[] json;
            if (type is not null)
            {
                json = EnvelopeWriter.Write(SampleEvents.For(type)!);
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
                        writer.WriteRawValue(EnvelopeWriter.Write(SampleEvents.For(known)!), skipInputValidation: true);
                    }

                    writer.WriteEndObject();
                }

                json = buffer.ToArray();
            }

            await WriteJsonAsync(json, indented: !parsed.GetValue(compact)).ConfigureAwait(false);
            return Success;
        });
        return command;
    }

    private Command BuildCheck()
    {
        var parameters = ParamOption("A custom parameter sent with every event, as the integration in Apono would; repeat for several.");
        var resourceType = new Option<string>("--resource-type") { Description = "The resource type the integration is configured for.", DefaultValueFactory = static _ => "custom-app" };
        var username = new Option<string>("--username") { Description = "The grantee used for the test grants.", DefaultValueFactory = static _ => "apono-conformance@example.com" };
        var command = new Command("check", "Drives the function as the Apono connector would (list, grant, revoke, credentials, bad envelopes) and prints a pass/fail report per contract rule. Exit 0 when every rule passes, 1 otherwise.")
        {
            parameters, resourceType, username,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var conformance = new ConformanceSettings
            {
                ResourceType = parsed.GetValue(resourceType)!,
                Username = parsed.GetValue(username)!,
                CustomParameters = CustomParameters.FromStrings(ParseParams(parsed.GetValue(parameters))),
            };
            // The run sends bad envelopes on purpose; their expected failures would be logged as warnings.
            var quiet = new FunctionHostSettings
            {
                Environment = settings.Environment,
                LogOutput = settings.LogOutput,
                DefaultLogLevel = LogLevel.Error,
                TimeProvider = settings.TimeProvider,
                ConfigureLogging = settings.ConfigureLogging,
            };
            return await WithPipelineAsync(quiet, async pipeline =>
            {
                var report = await ConformanceRunner.RunAsync(
                    (body, token) => pipeline.InvokeAsync(body, InvocationMetadata.Local(), token), conformance, cancellationToken).ConfigureAwait(false);
                await output.WriteAsync(report.Format()).ConfigureAwait(false);
                return report.AllPassed ? Success : EventFailed;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Option<string[]> ParamOption(string description)
    {
        var option = new Option<string[]>("--param") { Description = description + " Format: key=value.", HelpName = "key=value" };
        option.Validators.Add(static result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--param '{token.Value}' must look like key=value.");
                }
            }
        });
        return option;
    }

    private static Dictionary<string, string> ParseParams(string[]? values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var split = value.IndexOf('=', StringComparison.Ordinal);
            map[value[..split]] = value[(split + 1)..];
        }

        return map;
    }

    private static void AddEdit(Dictionary<string, JsonNode?> edits, string name, string? value)
    {
        if (value is not null)
        {
            edits[name] = JsonValue.Create(value);
        }
    }

    /// <summary>Applies the event type and options to the envelope; <see langword="null"/> when it is not a JSON object.</summary>
    private static byte[]? Edit(ReadOnlyMemory<byte> body, string? eventType, Dictionary<string, JsonNode?> edits, Dictionary<string, string> customParameters)
    {
        JsonObject envelope;
        try
        {
            if (JsonNode.Parse(body.Span) is not JsonObject parsed)
            {
                return null;
            }

            envelope = parsed;
        }
        catch (JsonException)
        {
            return null;
        }

        if (eventType is not null)
        {
            envelope["event_type"] = JsonValue.Create(eventType);
        }

        if (envelope["params"] is not JsonObject parameters)
        {
            parameters = [];
            envelope["params"] = parameters;
        }

        foreach (var (name, value) in edits)
        {
            parameters[name] = value;
        }

        if (customParameters.Count > 0)
        {
            if (parameters["custom_parameters"] is not JsonObject custom)
            {
                custom = [];
                parameters["custom_parameters"] = custom;
            }

            foreach (var (key, value) in customParameters)
            {
                custom[key] = JsonValue.Create(value);
            }
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            envelope.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private async Task<int> WithPipelineAsync(FunctionHostSettings host, Func<InvocationPipeline, Task<int>> run)
    {
        FunctionRuntime runtime;
        try
        {
            runtime = FunctionRuntime.Create(createFunction, host);
        }
        catch (AponoStartupException ex)
        {
            // The same message the Lambda host posts as its init error and the test host throws.
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return StartupFailed;
        }

        await using (runtime.ConfigureAwait(false))
        {
            return await run(runtime.Pipeline).ConfigureAwait(false);
        }
    }

    private async Task WriteJsonAsync(ReadOnlyMemory<byte> json, bool indented)
    {
        if (indented)
        {
            await WriteIndentedAsync(stdout, json).ConfigureAwait(false);
            return;
        }

        await stdout.WriteAsync(json).ConfigureAwait(false);
        await stdout.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
        await stdout.FlushAsync().ConfigureAwait(false);
    }

    internal static async Task WriteIndentedAsync(Stream output, ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var writer = new Utf8JsonWriter(output, ReplyWriter.WriterOptions with { Indented = true, SkipValidation = false });
        await using (writer.ConfigureAwait(false))
        {
            document.WriteTo(writer);
        }

        await output.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> + 1 bytes into one buffer that grows by doubling; past that the rest
    /// is only counted, so a huge input costs no more memory than the largest request Lambda delivers.
    /// </summary>
    /// <returns>The bytes kept, and the input's whole length.</returns>
    private static async Task<(ReadOnlyMemory<byte> Body, long Length)> ReadBoundedAsync(Stream input, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    long total = length;
                    var sink = new byte[64 * 1024];
                    int skipped;
                    while ((skipped = await input.ReadAsync(sink, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += skipped;
                    }

                    return (buffer.AsMemory(0, length), total);
                }

                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit + 1L));
            }

            var read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer.AsMemory(0, length), length);
            }

            length += read;
        }
    }
}
