using Apono.Integration.Sdk.Diagnostics;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.ResourceTypes;
using Apono.Integration.Sdk.Routing;

namespace Apono.Integration.Sdk.Hosting;

/// <summary>
/// The function failed to start: its constructor, a resource type declaration, its options, <c>ConfigureServices</c>
/// or the validation of its services failed. Every host reports the same message: the Lambda host posts it as the
/// init error (<c>errorType</c> <c>InitError</c>) and exits, the command line prints it to stderr and exits 1, and the
/// test host's constructor throws this exception.
/// </summary>
/// <remarks>
/// The message names the function type and the failing stage. It quotes only text known to be free of secrets: a broken
/// declaration rule, an <see cref="AponoException"/>'s message, option validation and dependency-injection validation
/// (type names only). Any other exception, whose message may quote a connection string, is named by its type;
/// <see cref="Exception.InnerException"/> keeps it for the log's stack trace.
/// </remarks>
public sealed class AponoStartupException : Exception
{
    private AponoStartupException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The one place the start-up failure's message is made.</summary>
    /// <param name="function">The function, or <see langword="null"/> when its constructor threw.</param>
    /// <param name="stage">The stage that failed, e.g. <c>ConfigureServices</c>.</param>
    /// <param name="exception">What it threw.</param>
    internal static AponoStartupException From(AponoIntegrationFunction? function, string stage, Exception exception)
    {
        var typeName = exception.GetType().Name;
        if (function is null)
        {
            return new($"The function's constructor threw {typeName}. The function's log has the stack trace.", exception);
        }

        var functionName = function.GetType().Name;
        if (exception is ResourceTypeDeclarationException declaration)
        {
            return new($"{functionName} failed to start: invalid resource type declaration in {stage}: {DisplayText.Escape(declaration.Message)}", exception);
        }

        var detail = exception switch
        {
            AponoException apono => DisplayText.Escape(apono.Message),
            ArgumentException { ParamName: nameof(AponoFunctionOptions.MaxRequestBytes) or nameof(AponoFunctionOptions.MaxJsonDepth)
                or nameof(AponoFunctionOptions.MaxResourcesPerRequest) or nameof(AponoFunctionOptions.MaxIdLength)
                or nameof(AponoFunctionOptions.MaxUsernameLength) or nameof(AponoFunctionOptions.DeadlineSafetyMargin) } argument
                when stage == FunctionRuntime.ConfigureStage
                => "invalid AponoFunctionOptions: " + argument.Message,
            AggregateException aggregate when aggregate.InnerExceptions.Count > 0
                && aggregate.InnerExceptions.All(static e => e is InvalidOperationException && e.Source == "Microsoft.Extensions.DependencyInjection")
                => "service validation failed: " + string.Join(" ", aggregate.InnerExceptions.Select(static e => e.Message)),
            _ => null,
        };
        return detail is null
            ? new($"{functionName} failed to start: {typeName} in {stage}. The function's log has the stack trace.", exception)
            : new($"{functionName} failed to start ({typeName}): {detail}", exception);
    }
}
