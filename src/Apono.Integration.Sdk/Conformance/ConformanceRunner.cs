using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Conformance;

/// <summary>
/// Drives a function the way Apono's connector does and checks every contract rule on its answers:
/// get-status → list-resources (reply rules, then the same ids when listed again) → grant, repeated grant, revoke, repeated revoke per permission →
/// grants the function must refuse → credentials → unknown and malformed envelopes.
/// </summary>
/// <remarks>
/// It talks to the function through bytes only (<see cref="Invoke"/>), so it checks the production pipeline, a test
/// host or any raw handler the same way. When the SDK's own reply validation turns a bad reply into an
/// <c>InvalidReply</c> error, the finding names the rule that reply broke.
/// </remarks>
internal sealed partial class ConformanceRunner
{
    public const string UnlistedPermissionId = "apono-conformance-unlisted-permission";
    public const string UnlistedResourceId = "apono-conformance-unlisted-resource";

    private readonly Invoke invoke;
    private readonly ConformanceSettings settings;
    private readonly List<ConformanceFinding> findings = [];

    public ConformanceRunner(Invoke invoke, ConformanceSettings settings)
    {
        this.invoke = invoke;
        this.settings = settings;
    }

    /// <summary>Sends one envelope and returns the function's answer.</summary>
    public delegate Task<InvocationResult> Invoke(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    public static async Task<ConformanceReport> RunAsync(Invoke invoke, ConformanceSettings settings, CancellationToken cancellationToken)
    {
        var runner = new ConformanceRunner(invoke, settings);
        await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        return new ConformanceReport(runner.findings.ToArray());
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await CheckStatusAsync(cancellationToken).ConfigureAwait(false);
        var listed = await CheckListResourcesAsync(cancellationToken).ConfigureAwait(false);
        if (listed is null)
        {
            Skip("grant-access.succeeds", null, "list-resources gave no usable reply, so there is nothing to grant.");
            Skip("create-credentials.secret", null, "list-resources gave no usable reply, so there is no resource to create credentials for.");
        }
        else if (listed.Resources.Count == 0 || listed.Permissions.Count == 0)
        {
            Skip("grant-access.succeeds", null, "list-resources listed no resource or no permission, so there is nothing to grant; configure the integration so it lists at least one of each.");
        }
        else
        {
            await CheckStableIdsAsync(listed, cancellationToken).ConfigureAwait(false);
            await CheckAccessAsync(listed, cancellationToken).ConfigureAwait(false);
            await CheckCredentialsAsync(listed, cancellationToken).ConfigureAwait(false);
        }

        await CheckEnvelopeErrorsAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckStatusAsync(CancellationToken cancellationToken)
    {
        const string Rule = "get-status.status";
        var result = await SendAsync(new GetStatusRequest { CustomParameters = settings.CustomParameters }, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            Fail(Rule, null, $"get-status failed: {Describe(result)}");
            return;
        }

        using var reply = Parse(result, Rule, null);
        if (reply is null)
        {
            return;
        }

        if (reply.RootElement.ValueKind == JsonValueKind.Object && reply.RootElement.TryGetProperty("status"u8, out var status)
            && status.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(status.GetString()))
        {
            Pass(Rule, null, $"answers status '{Shown(status.GetString()!)}'.");
        }
        else
        {
            Fail(Rule, null, "the reply has no non-empty string status; expected {\"status\":\"active\"}.");
        }
    }

    private async Task<Listed?> CheckListResourcesAsync(CancellationToken cancellationToken)
    {
        var request = new ListResourcesRequest { ResourceType = settings.ResourceType, CustomParameters = settings.CustomParameters };
        var result = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            ReportListFailure(result);
            return null;
        }

        Pass("list-resources.succeeds", null, "answers a reply.");
        using var reply = Parse(result, "list-resources.shape", null);
        if (reply is null)
        {
            return null;
        }

        var root = reply.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("resources"u8, out var resources) || resources.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("permissions"u8, out var permissions) || permissions.ValueKind != JsonValueKind.Array)
        {
            Fail("list-resources.shape", null, "the reply must be an object with a resources array and a permissions array.");
            return null;
        }

        Pass("list-resources.shape", null, "has a resources array and a permissions array.");
        var resourceIds = CheckItems(resources, "resource", CheckResource);
        var permissionIds = CheckItems(permissions, "permission", static (_, _, _) => { });
        return new Listed(resourceIds, permissionIds);
    }

    /// <summary>Lists again: Apono sends listed ids back in grants and revokes later, so the same backend must list the same ids.</summary>
    private async Task CheckStableIdsAsync(Listed listed, CancellationToken cancellationToken)
    {
        const string Rule = "list-resources.stable-ids";
        var request = new ListResourcesRequest { ResourceType = settings.ResourceType, CustomParameters = settings.CustomParameters };
        var result = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            Fail(Rule, null, $"listing a second time failed: {Describe(result)}");
            return;
        }

        using var reply = Parse(result, Rule, null);
        if (reply is null)
        {
            return;
        }

        var root = reply.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("resources"u8, out var resources) || resources.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("permissions"u8, out var permissions) || permissions.ValueKind != JsonValueKind.Array)
        {
            Fail(Rule, null, "listing a second time did not answer a resources array and a permissions array.");
            return;
        }

        var changed = Changes("resource", listed.Resources, Ids(resources)).Concat(Changes("permission", listed.Permissions, Ids(permissions))).ToList();
        if (changed.Count == 0)
        {
            Pass(Rule, null, "listing a second time gives the same resource and permission ids.");
        }
        else
        {
            Fail(Rule, null, $"listing a second time gave other ids ({string.Join("; ", changed)}); ids must be stable, since Apono sends them back in grant-access and revoke-access.");
        }

        static List<string> Ids(JsonElement array) =>
            array.EnumerateArray().Select(static item => item.ValueKind == JsonValueKind.Object ? NonEmptyString(item, "id") : null).OfType<string>().ToList();

        static IEnumerable<string> Changes(string kind, IReadOnlyList<string> first, List<string> second)
        {
            var gone = first.Except(second, StringComparer.Ordinal).Take(3).Select(id => $"{kind} '{Shown(id)}' disappeared");
            var added = second.Except(first, StringComparer.Ordinal).Take(3).Select(id => $"{kind} '{Shown(id)}' appeared");
            return gone.Concat(added);
        }
    }

    private List<string> CheckItems(JsonElement array, string kind, Action<ConformanceRunner, JsonElement, string> extra)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var position = string.Create(CultureInfo.InvariantCulture, $"{kind}s[{index++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                Fail($"list-resources.{kind}-id", position, $"is a JSON {CustomParameters.Describe(item.ValueKind)}, not an object.");
                continue;
            }

            var id = NonEmptyString(item, "id");
            if (id is null)
            {
                Fail($"list-resources.{kind}-id", position, "has no non-empty string id.");
                continue;
            }

            var label = $"{kind} '{Shown(id)}'";
            Pass($"list-resources.{kind}-id", label, "has a non-empty id.");
            if (seen.Add(id))
            {
                ids.Add(id);
                Pass($"list-resources.{kind}-id-unique", label, "appears once.");
            }
            else
            {
                Fail($"list-resources.{kind}-id-unique", label, "appears more than once; ids must be unique within the reply.");
            }

            if (NonEmptyString(item, "name") is null)
            {
                Fail($"list-resources.{kind}-name", label, "has no non-empty name.");
            }
            else
            {
                Pass($"list-resources.{kind}-name", label, "has a name.");
            }

            extra(this, item, label);
        }

        return ids;
    }

    private static void CheckResource(ConformanceRunner runner, JsonElement resource, string label)
    {
        var type = resource.TryGetProperty("type"u8, out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        if (string.Equals(type, runner.settings.ResourceType, StringComparison.Ordinal))
        {
            runner.Pass("list-resources.resource-type", label, $"type is the requested '{Shown(type!)}'.");
        }
        else
        {
            runner.Fail("list-resources.resource-type", label,
                $"type is {(type is null ? "missing" : $"'{Shown(type)}'")}, but the request's resource_type is '{Shown(runner.settings.ResourceType)}'.");
        }

        if (!resource.TryGetProperty("metadata"u8, out var metadata) || metadata.ValueKind == JsonValueKind.Null)
        {
            runner.Pass("list-resources.resource-metadata", label, "has no metadata.");
        }
        else if (metadata.ValueKind == JsonValueKind.Object && metadata.EnumerateObject().All(static p => p.Value.ValueKind == JsonValueKind.String))
        {
            runner.Pass("list-resources.resource-metadata", label, "metadata maps strings to strings.");
        }
        else
        {
            runner.Fail("list-resources.resource-metadata", label, "metadata must be an object of string values.");
        }
    }

    /// <summary>Names the rule behind an <c>InvalidReply</c> the SDK raised while writing the list-resources reply.</summary>
    private void ReportListFailure(InvocationResult result)
    {
        var message = result.ErrorMessage ?? string.Empty;
        if (result.ErrorType == AponoErrorType.InvalidReply)
        {
            (string Rule, Regex Pattern)[] known =
            [
                ("list-resources.resource-type", ResourceTypePattern()),
                ("list-resources.resource-id-unique", ResourceDuplicatePattern()),
                ("list-resources.permission-id-unique", PermissionDuplicatePattern()),
                ("list-resources.resource-name", ResourceNamePattern()),
                ("list-resources.permission-name", PermissionNamePattern()),
                ("list-resources.resource-metadata", ResourceMetadataPattern()),
                ("list-resources.resource-id", ResourceIdPattern()),
                ("list-resources.permission-id", PermissionIdPattern()),
            ];
            foreach (var (rule, pattern) in known)
            {
                var match = pattern.Match(message);
                if (match.Success)
                {
                    var kind = rule.Contains("permission", StringComparison.Ordinal) ? "permission" : "resource";
                    var item = match.Groups["id"].Success ? $"{kind} '{match.Groups["id"].Value}'" : match.Groups["at"].Value;
                    Fail(rule, item, $"the SDK rejected the reply ({result.ErrorType}): {message}");
                    return;
                }
            }
        }

        Fail("list-resources.succeeds", null, $"list-resources failed: {Describe(result)}");
    }

    private async Task CheckAccessAsync(Listed listed, CancellationToken cancellationToken)
    {
        var resource = listed.Resources[0];
        var index = 0;
        foreach (var permission in listed.Permissions.Take(settings.MaxPermissions))
        {
            var grantId = string.Create(CultureInfo.InvariantCulture, $"apono-conformance-grant-{++index:D3}");
            var item = $"permission '{Shown(permission)}' on resource '{Shown(resource)}'";
            var granted = await ExpectOkAsync("grant-access.succeeds", item, Grant(grantId, resource, permission), null, cancellationToken).ConfigureAwait(false);
            if (granted)
            {
                await ExpectOkAsync("grant-access.idempotent", item, Grant(grantId, resource, permission), "the same grant (same grant_id, resource and permission) delivered a second time must answer ok too",
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Skip("grant-access.idempotent", item, "the first grant failed.");
            }

            var revoked = await ExpectOkAsync("revoke-access.succeeds", item, Revoke(grantId, resource, permission), null, cancellationToken).ConfigureAwait(false);
            if (revoked)
            {
                await ExpectOkAsync("revoke-access.idempotent", item, Revoke(grantId, resource, permission), "revoking access that is already revoked must answer ok too",
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Skip("revoke-access.idempotent", item, "the first revoke failed.");
            }
        }

        var unlistedPermission = UnlistedPermissionId;
        while (listed.Permissions.Contains(unlistedPermission, StringComparer.Ordinal))
        {
            unlistedPermission += "-x";
        }

        await ExpectErrorAsync("grant-access.rejects-unlisted-permission", $"permission '{unlistedPermission}'",
            Grant("apono-conformance-grant-unlisted-permission", resource, unlistedPermission), "granting a permission id that list-resources did not list must fail; answering ok tells Apono access was granted",
            cancellationToken).ConfigureAwait(false);

        var unlistedResource = UnlistedResourceId;
        while (listed.Resources.Contains(unlistedResource, StringComparer.Ordinal))
        {
            unlistedResource += "-x";
        }

        await ExpectErrorAsync("grant-access.rejects-unlisted-resource", $"resource '{unlistedResource}'",
            Grant("apono-conformance-grant-unlisted-resource", unlistedResource, listed.Permissions[0]), "granting on a resource id that list-resources did not list must fail; answering ok tells Apono access was granted",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckCredentialsAsync(Listed listed, CancellationToken cancellationToken)
    {
        var resources = new[] { listed.Resources[0] };
        var item = $"resource '{Shown(listed.Resources[0])}'";
        await ExpectSecretAsync("create-credentials.secret", item, new CreateCredentialsRequest
        {
            Username = settings.Username,
            ResourceType = settings.ResourceType,
            Resources = resources,
            GrantId = "apono-conformance-credentials",
            Permission = listed.Permissions[0],
            CustomParameters = settings.CustomParameters,
        }, cancellationToken).ConfigureAwait(false);
        await ExpectSecretAsync("reset-credentials.secret", item, new ResetCredentialsRequest
        {
            Username = settings.Username,
            ResourceType = settings.ResourceType,
            Resources = resources,
            GrantId = "apono-conformance-credentials",
            Permission = listed.Permissions[0],
            CustomParameters = settings.CustomParameters,
        }, cancellationToken).ConfigureAwait(false);

        var delete = new DeleteCredentialsRequest
        {
            Username = settings.Username,
            ResourceType = settings.ResourceType,
            Resources = resources,
            GrantId = "apono-conformance-credentials",
            Permission = listed.Permissions[0],
            CustomParameters = settings.CustomParameters,
        };
        var result = await SendAsync(delete, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess && result.ErrorType == AponoErrorType.NotSupported)
        {
            Skip("delete-credentials.succeeds", item, "the function does not implement delete-credentials (NotSupported).");
            return;
        }

        CheckOk("delete-credentials.succeeds", item, result, null);
    }

    private async Task ExpectSecretAsync(string rule, string item, CredentialsRequest request, CancellationToken cancellationToken)
    {
        var result = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            if (result.ErrorType == AponoErrorType.NotSupported)
            {
                Skip(rule, item, $"the function does not implement {request.EventType} (NotSupported).");
            }
            else if (result.ErrorType == AponoErrorType.InvalidReply && result.ErrorMessage?.Contains("secret", StringComparison.Ordinal) == true)
            {
                Fail(rule, item, $"the SDK rejected the reply ({result.ErrorType}): {result.ErrorMessage}");
            }
            else
            {
                Fail(rule, item, $"{request.EventType} failed: {Describe(result)}");
            }

            return;
        }

        using var reply = Parse(result, rule, item);
        if (reply is null)
        {
            return;
        }

        var root = reply.RootElement;
        var ok = root.ValueKind == JsonValueKind.Object && NonEmptyString(root, "status") == "ok";
        if (!ok)
        {
            Fail(rule, item, "the reply must be {\"status\":\"ok\",\"secret\":\"...\"}; its status is not ok.");
        }
        else if (NonEmptyString(root, "secret") is null)
        {
            Fail(rule, item, $"the {request.EventType} reply has no secret; Apono needs it to hand the credentials to the user.");
        }
        else
        {
            // Never show the secret itself: the report may end up in a CI log.
            Pass(rule, item, "answers ok with a non-empty secret.");
        }
    }

    private async Task CheckEnvelopeErrorsAsync(CancellationToken cancellationToken)
    {
        await ExpectErrorAsync("errors.unknown-event", "event_type 'apono-conformance-unknown-event'",
            Encoding.UTF8.GetBytes("""{"event_type":"apono-conformance-unknown-event","params":{"custom_parameters":{}}}"""), "an event the function does not know must fail, never answer ok",
            cancellationToken).ConfigureAwait(false);

        (string Item, string Body)[] malformed =
        [
            ("empty body", string.Empty),
            ("not JSON", "{\"event_type\": "),
            ("JSON array", "[]"),
            ("missing event_type", """{"params":{}}"""),
            ("event_type not a string", """{"event_type":42,"params":{}}"""),
            ("params not an object", """{"event_type":"grant-access","params":"x"}"""),
            ("grant-access without grant_id", "{\"event_type\":\"grant-access\",\"params\":{\"username\":\"" + JsonEncodedText.Encode(settings.Username) + "\",\"resource_type\":\"" + JsonEncodedText.Encode(settings.ResourceType) + "\",\"resources\":[],\"permission\":\"x\"}}"),
        ];
        foreach (var (item, body) in malformed)
        {
            await ExpectErrorAsync("errors.malformed-envelope", item, Encoding.UTF8.GetBytes(body), "a malformed envelope must fail with a clear error, never answer ok",
                cancellationToken).ConfigureAwait(false);
        }
    }

    private GrantAccessRequest Grant(string grantId, string resource, string permission) => new()
    {
        GrantId = grantId,
        Username = settings.Username,
        ResourceType = settings.ResourceType,
        Resources = [resource],
        Permission = permission,
        CustomParameters = settings.CustomParameters,
    };

    private RevokeAccessRequest Revoke(string grantId, string resource, string permission) => new()
    {
        GrantId = grantId,
        Username = settings.Username,
        ResourceType = settings.ResourceType,
        Resources = [resource],
        Permission = permission,
        CustomParameters = settings.CustomParameters,
    };

    private async Task<bool> ExpectOkAsync(string rule, string item, AponoRequest request, string? why, CancellationToken cancellationToken)
    {
        var result = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return CheckOk(rule, item, result, why);
    }

    private bool CheckOk(string rule, string item, InvocationResult result, string? why)
    {
        if (!result.IsSuccess)
        {
            Fail(rule, item, why is null ? $"failed: {Describe(result)}" : $"{why}, but it failed: {Describe(result)}");
            return false;
        }

        using var reply = Parse(result, rule, item);
        if (reply is null)
        {
            return false;
        }

        if (reply.RootElement.ValueKind != JsonValueKind.Object || NonEmptyString(reply.RootElement, "status") != "ok")
        {
            Fail(rule, item, $"the reply must be {{\"status\":\"ok\"}}, but is {Shown(Encoding.UTF8.GetString(result.Body.Span))}.");
            return false;
        }

        Pass(rule, item, "answers {\"status\":\"ok\"}.");
        return true;
    }

    private Task ExpectErrorAsync(string rule, string item, AponoRequest request, string why, CancellationToken cancellationToken) =>
        ExpectErrorAsync(rule, item, EnvelopeWriter.Write(request), why, cancellationToken);

    private async Task ExpectErrorAsync(string rule, string item, byte[] body, string why, CancellationToken cancellationToken)
    {
        var result = await invoke(body, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            Fail(rule, item, $"{why}, but it answered {Shown(Encoding.UTF8.GetString(result.Body.Span))}.");
        }
        else if (string.IsNullOrWhiteSpace(result.ErrorType) || string.IsNullOrWhiteSpace(result.ErrorMessage))
        {
            Fail(rule, item, "failed, but the error has no errorType or no errorMessage; Apono shows the message to the user.");
        }
        else
        {
            Pass(rule, item, $"fails with {result.ErrorType}: {Shown(result.ErrorMessage)}");
        }
    }

    private Task<InvocationResult> SendAsync(AponoRequest request, CancellationToken cancellationToken) =>
        invoke(EnvelopeWriter.Write(request), cancellationToken);

    private JsonDocument? Parse(InvocationResult result, string rule, string? item)
    {
        try
        {
            return JsonDocument.Parse(result.Body);
        }
        catch (JsonException)
        {
            Fail(rule, item, "the reply is not valid JSON.");
            return null;
        }
    }

    private static string? NonEmptyString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    private static string Describe(InvocationResult result) =>
        $"{result.ErrorType ?? "(no errorType)"}: {result.ErrorMessage ?? "(no errorMessage)"}";

    private static string Shown(string text) => RequestReader.Printable(text, 160);

    private void Pass(string rule, string? item, string message) => findings.Add(new(rule, item, ConformanceOutcome.Passed, message));

    private void Fail(string rule, string? item, string message) => findings.Add(new(rule, item, ConformanceOutcome.Failed, message));

    private void Skip(string rule, string? item, string message) => findings.Add(new(rule, item, ConformanceOutcome.Skipped, message));

    [GeneratedRegex("resource '(?<id>.*?)' has type '")]
    private static partial Regex ResourceTypePattern();

    [GeneratedRegex("resource id '(?<id>.*?)' appears more than once")]
    private static partial Regex ResourceDuplicatePattern();

    [GeneratedRegex("permission id '(?<id>.*?)' appears more than once")]
    private static partial Regex PermissionDuplicatePattern();

    [GeneratedRegex("resource '(?<id>.*?)' has an empty name")]
    private static partial Regex ResourceNamePattern();

    [GeneratedRegex("permission '(?<id>.*?)' has an empty name")]
    private static partial Regex PermissionNamePattern();

    [GeneratedRegex("resource '(?<id>.*?)' has metadata")]
    private static partial Regex ResourceMetadataPattern();

    [GeneratedRegex(@"(?<at>resources\[\d+\]) (is null|has an empty id)")]
    private static partial Regex ResourceIdPattern();

    [GeneratedRegex(@"(?<at>permissions\[\d+\]) (is null|has an empty id)")]
    private static partial Regex PermissionIdPattern();

    private sealed record Listed(IReadOnlyList<string> Resources, IReadOnlyList<string> Permissions);
}
