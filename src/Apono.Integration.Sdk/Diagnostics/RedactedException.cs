using System.Globalization;
using System.Text;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// What a logging provider other than the SDK's own receives in place of a logged exception: the original's type
/// name, its message only when safe to log (masked), and its stack trace and causes, masked. The original exception
/// is not reachable from it, so no provider can print what was hidden.
/// </summary>
internal sealed class RedactedException : Exception
{
    private readonly string typeName;
    private readonly string? stackTrace;

    private RedactedException(string typeName, string message, string? stackTrace, Exception? inner)
        : base(message, inner)
    {
        this.typeName = typeName;
        this.stackTrace = stackTrace;
    }

    /// <summary>Gets the full name of the original exception's type.</summary>
    public string OriginalTypeName => typeName;

    public override string? StackTrace => stackTrace;

    public static RedactedException From(Exception exception, LineRedaction redaction, Func<Exception, bool> isMessageSafe, int depth = 0)
    {
        var type = redaction.Redact(exception.GetType().FullName ?? exception.GetType().Name);
        var message = isMessageSafe(exception)
            ? redaction.Redact(exception.Message)
            : string.Create(CultureInfo.InvariantCulture, $"(the message of {type} is not logged: the function has not marked it safe to log)");
        var inner = exception.InnerException is { } cause && depth < 8 ? From(cause, redaction, isMessageSafe, depth + 1) : null;
        var trace = exception.StackTrace is { } t ? redaction.Redact(t) : null;
        return new RedactedException(type, message, trace, inner);
    }

    public override string ToString()
    {
        var builder = new StringBuilder().Append(typeName).Append(": ").Append(Message);
        if (InnerException is { } inner)
        {
            builder.Append(" ---> ").Append(inner.ToString()).AppendLine().Append("   --- End of inner exception stack trace ---");
        }

        if (stackTrace is not null)
        {
            builder.AppendLine().Append(stackTrace);
        }

        return builder.ToString();
    }
}
