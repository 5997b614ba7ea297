using System.Text;
using Apono.Integration.Sdk.Conformance;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Testing;

/// <summary>
/// The connector conformance suite: drives a function the way Apono's connector does and checks every contract rule.
/// </summary>
/// <remarks>
/// The run: get-status → an unknown event and malformed envelopes must fail with a clear error → a resource type the
/// function does not declare must be refused with <c>InvalidRequest</c> → then for each declared resource type (from
/// <see cref="AponoTestHost.Capabilities"/>; one probed type for a function that declares none or a raw handler):
/// list-resources (every reply rule, per resource and permission; not empty; listed again, the ids must be the same)
/// → for each listed permission on the first listed resource: grant, the same grant again (idempotency per
/// grant_id), revoke, revoke again → a grant of an unlisted permission and of an unlisted resource must fail →
/// create/reset/delete credentials (only for a type whose handler implements them; for a function that declares no
/// types, <c>NotSupported</c> skips them; an ok without a secret fails). Every rule is reported, a skipped one with
/// its reason. The same run is the function executable's <c>check</c> command.
/// </remarks>
/// <example>
/// <code>
/// [Fact]
/// public async Task Function_FollowsTheAponoContract()
/// {
///     await using var host = new AponoTestHost(new MyFunction());
///     (await AponoConformance.RunAsync(host)).AssertAllPassed();
/// }
/// </code>
/// </example>
public static class AponoConformance
{
    /// <summary>Runs the suite against a function.</summary>
    /// <param name="invoker">The function: an <see cref="AponoTestHost"/>, or any handler wrapped by <see cref="AponoInvoker.FromDelegate"/>.</param>
    /// <param name="options">The resource type, grantee and custom parameters to send; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The report; call <see cref="AponoConformanceAssertions.AssertAllPassed"/> to fail a test on any broken rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="invoker"/> is <see langword="null"/>.</exception>
    public static async Task<AponoConformanceReport> RunAsync(IAponoInvoker invoker, AponoConformanceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        options ??= new AponoConformanceOptions();
        ConformanceRunner.Invoke invoke = invoker is AponoTestHost host
            ? host.InvokeRawAsync
            : async (body, token) =>
            {
                var result = await invoker.InvokeAsync(Encoding.UTF8.GetString(body.Span), token).ConfigureAwait(false);
                return new InvocationResult(result.IsSuccess, Encoding.UTF8.GetBytes(result.Json), result.ErrorType, result.ErrorMessage);
            };
        // A test host knows the function's declared types: each is checked. Any other invoker is probed as one type.
        var declared = invoker is AponoTestHost known ? ConformanceTarget.From(known.Capabilities) : null;
        return await ConformanceRunner.RunAsync(invoke, options, CustomParameters.FromStrings(options.CustomParameters), declared, cancellationToken).ConfigureAwait(false);
    }
}
