using Apono.Integration.Sdk.Conformance;

namespace Apono.Integration.Sdk.Testing;

/// <summary>Thrown by <see cref="AponoConformanceAssertions.AssertAllPassed"/>: its message lists every failed rule with its item.</summary>
/// <remarks>A plain exception, so xunit, NUnit and MSTest all report it as a test failure with the full message.</remarks>
public sealed class AponoConformanceException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AponoConformanceException"/> class.</summary>
    public AponoConformanceException()
        : this("The function broke the Apono contract.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AponoConformanceException"/> class.</summary>
    /// <param name="message">The message.</param>
    public AponoConformanceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AponoConformanceException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AponoConformanceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal AponoConformanceException(AponoConformanceReport report)
        : base(report.FormatFailures())
    {
        Report = report;
    }

    /// <summary>Gets the report whose failures this exception lists, when thrown by <see cref="AponoConformanceAssertions.AssertAllPassed"/>.</summary>
    public AponoConformanceReport? Report { get; }
}
