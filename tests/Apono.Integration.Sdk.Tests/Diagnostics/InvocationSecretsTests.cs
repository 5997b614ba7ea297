using Apono.Integration.Sdk.Diagnostics;

namespace Apono.Integration.Sdk.Tests.Diagnostics;

/// <summary>
/// The lock-free "may this invocation have a secret?" check that lines of other threads make (outside the invocation's
/// async flow) must never answer no while the invocation's matcher is being built: that line would go out unmasked.
/// </summary>
public sealed class InvocationSecretsTests
{
    private const string Canary = "CANARY-pending-secret-4b7d";

    [Fact]
    public void Collect_WhileTheMatcherIsBeingBuilt_OtherThreadsStillSeeSecretsToMask()
    {
        var secrets = new InvocationSecrets();
        bool? seenWhileBuilding = null;

        // The candidates are enumerated inside Collect, under its lock, while the matcher is built: the moment a line
        // of another thread would ask.
        IEnumerable<string> Candidates()
        {
            seenWhileBuilding = secrets.MayHaveSecrets;
            yield return Canary;
        }

        secrets.AddLater(Candidates());
        var matchers = new List<SecretPatternMatcher>();

        Assert.True(secrets.Collect(matchers));
        Assert.True(seenWhileBuilding);
        Assert.True(secrets.MayHaveSecrets);
        Assert.Single(matchers);
    }

    [Fact]
    public void ForLine_OutsideTheInvocationsFlow_MasksTheActiveInvocationsParameter()
    {
        var redactor = new SecretRedactor(new SecretRegistry());
        var secrets = redactor.BeginInvocation();
        secrets.AddLater([Canary]);

        var masked = redactor.Redact("pool callback with " + Canary, current: null);

        redactor.EndInvocation(secrets);
        Assert.Equal("pool callback with ***", masked);
        Assert.Equal("after the end " + Canary, redactor.Redact("after the end " + Canary, current: null));
    }
}
