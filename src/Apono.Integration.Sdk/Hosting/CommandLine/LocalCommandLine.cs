using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text;
using Apono.Integration.Sdk.Internal;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting.CommandLine;

/// <summary>
/// The command line of a function executable outside Lambda: <c>invoke</c> (<see cref="InvokeCommand"/>),
/// <c>events</c> (<see cref="EventsCommand"/>) and <c>check</c> (<see cref="CheckCommand"/>).
/// stdout carries only JSON or the report; logs and usage errors go to stderr.
/// </summary>
/// <remarks>
/// Exit codes: 0 the event answered (or no conformance rule failed), 1 the event failed (or a rule failed, or the
/// function failed to start: <see cref="StartupFailed"/>), 2 the command line is wrong. Every command runs the function through the one
/// <see cref="InvocationPipeline"/>.
/// </remarks>
internal sealed class LocalCommandLine
{
    public const int Success = 0;
    public const int EventFailed = 1;
    public const int UsageError = 2;

    /// <summary>The exit code when the function fails to start (its <see cref="AponoStartupException"/> message goes to stderr).</summary>
    public const int StartupFailed = 1;

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

    /// <summary>Starts the function (resource types, options, configuration, DI) and runs <paramref name="run"/> on its pipeline.</summary>
    public Task<int> WithPipelineAsync(FunctionHostSettings host, Func<InvocationPipeline, Task<int>> run) =>
        WithRuntimeAsync(host, runtime => run(runtime.Pipeline));

    /// <summary>
    /// Starts the function and runs <paramref name="run"/> on its runtime (pipeline and capability table); a start-up
    /// failure prints the <see cref="AponoStartupException"/> message to stderr and answers <see cref="StartupFailed"/>.
    /// </summary>
    public async Task<int> WithRuntimeAsync(FunctionHostSettings host, Func<FunctionRuntime, Task<int>> run)
    {
        FunctionRuntime runtime;
        try
        {
            runtime = FunctionRuntime.Create(createFunction, host);
        }
        catch (AponoStartupException ex)
        {
            // The same message the Lambda host posts as its init error and the test host throws.
            await Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return StartupFailed;
        }

        await using (runtime.ConfigureAwait(false))
        {
            return await run(runtime).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Settings for a run that needs no log line below Error: <c>events</c> (the function only starts to tell its
    /// declarations) and <c>check</c> (which sends bad envelopes on purpose; their expected failures would be warnings).
    /// </summary>
    public FunctionHostSettings Quiet() => new()
    {
        Environment = Settings.Environment,
        LogOutput = Settings.LogOutput,
        DefaultLogLevel = Microsoft.Extensions.Logging.LogLevel.Error,
        TimeProvider = Settings.TimeProvider,
        ConfigureLogging = Settings.ConfigureLogging,
    };
}
