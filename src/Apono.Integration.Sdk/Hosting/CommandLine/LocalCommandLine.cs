using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary>
/// The command line of a function executable outside Lambda: <c>invoke</c> (<see cref="InvokeCommand"/>),
/// <c>events</c> (<see cref="EventsCommand"/>) and <c>check</c> (<see cref="CheckCommand"/>).
/// stdout carries only JSON or the report; logs and usage errors go to stderr.
/// </summary>
/// <remarks>
/// Exit codes: 0 the event answered (or every conformance rule passed), 1 the event failed (or a rule failed, or the
/// function failed to start), 2 the command line is wrong. Every command runs the function through the one
/// <see cref="InvocationPipeline"/>.
/// </remarks>
internal sealed class LocalCommandLine
{
    public const int Success = 0;
    public const int EventFailed = 1;
    public const int UsageError = 2;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Func<AponoIntegrationFunction> createFunction;

    private LocalCommandLine(Func<AponoIntegrationFunction> createFunction, Stream stdin, Stream stdout, TextWriter output, TextWriter error, FunctionHostSettings settings)
    {
        this.createFunction = createFunction;
        Stdin = stdin;
        Stdout = stdout;
        Output = output;
        Error = error;
        Settings = settings;
    }

    public Stream Stdin { get; }

    public Stream Stdout { get; }

    /// <summary>Gets stdout as text (the <c>check</c> report).</summary>
    public TextWriter Output { get; }

    /// <summary>Gets stderr: usage errors (logs go to <see cref="FunctionHostSettings.LogOutput"/>).</summary>
    public TextWriter Error { get; }

    public FunctionHostSettings Settings { get; }

    public static async Task<int> RunAsync(Func<AponoIntegrationFunction> createFunction, string[] args, Stream stdin, Stream stdout, Stream stderr, FunctionHostSettings settings)
    {
        var output = new StreamWriter(stdout, Utf8, bufferSize: 4096, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
        var error = new StreamWriter(stderr, Utf8, bufferSize: 1024, leaveOpen: true) { AutoFlush = true, NewLine = "\n" };
        await using (output.ConfigureAwait(false))
        await using (error.ConfigureAwait(false))
        {
            var commandLine = new LocalCommandLine(createFunction, stdin, stdout, output, error, settings);
            var root = new RootCommand(
                "Runs this Apono integration function locally: invoke an event, print sample events, or check the function against the Apono contract. " +
                "Under AWS Lambda (AWS_LAMBDA_RUNTIME_API set) the same executable serves the Lambda Runtime API instead.");
            root.Subcommands.Add(InvokeCommand.Create(commandLine));
            root.Subcommands.Add(EventsCommand.Create(commandLine));
            root.Subcommands.Add(CheckCommand.Create(commandLine));
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

    /// <summary>Writes a usage problem to stderr and answers the usage exit code.</summary>
    public async Task<int> UsageAsync(string problem)
    {
        await Error.WriteLineAsync(problem).ConfigureAwait(false);
        return UsageError;
    }

    public Task WriteJsonAsync(ReadOnlyMemory<byte> json, bool indented) => JsonOutput.WriteAsync(Stdout, json, indented);

    /// <summary>Starts the function (options, configuration, DI) and runs <paramref name="run"/> on its pipeline; a start-up failure is printed as an error JSON.</summary>
    public async Task<int> WithPipelineAsync(FunctionHostSettings host, Func<InvocationPipeline, Task<int>> run)
    {
        var function = createFunction();
        await using (function.ConfigureAwait(false))
        {
            InvocationPipeline pipeline;
            try
            {
                pipeline = function.EnsureRuntime(host).Pipeline;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Start-up failed (options, configuration or DI); an arbitrary exception message may quote a secret.
                var message = ex is AponoException apono
                    ? apono.Message
                    : $"The function failed to start: {ex.GetType().Name} in ConfigureServices or Configure. Check its configuration (environment variables).";
                await WriteJsonAsync(InvocationResult.Failure(AponoErrorType.InternalError, message).Body, indented: true).ConfigureAwait(false);
                return EventFailed;
            }

            return await run(pipeline).ConfigureAwait(false);
        }
    }
}
