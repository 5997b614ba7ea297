using System.Globalization;

namespace Apono.Integration.Sdk.Diagnostics;

/// <summary>
/// Counts log lines that could not be written (a logging provider threw), so that a failed log line never fails an
/// invocation; each failure also writes one best-effort line, naming only the exception's type, to the fallback.
/// </summary>
internal sealed class LogWriteFailures
{
    private readonly TextWriter fallback;
    private long count;

    /// <param name="fallback">Where the one-line notice of each failure goes; standard error by default.</param>
    public LogWriteFailures(TextWriter? fallback = null) => this.fallback = fallback ?? Console.Error;

    /// <summary>Gets how many log lines have failed since the function started.</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Counts a failure and reports it on the fallback; never throws.</summary>
    public void Record(string category, Exception exception)
    {
        var total = Interlocked.Increment(ref count);
        try
        {
            // The exception's message is left out: it may quote the text that was being logged.
            fallback.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Apono.Integration.Sdk: a log line of {category} could not be written ({exception.GetType().Name}); {total} failed so far"));
        }
#pragma warning disable CA1031 // The fallback is best effort: nothing is left to report its own failure to.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
