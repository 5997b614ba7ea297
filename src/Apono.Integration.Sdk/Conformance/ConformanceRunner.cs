using System.Globalization;
using System.Text;
using System.Text.Json;
using Apono.Integration.Sdk.Contracts;
using Apono.Integration.Sdk.Errors;
using Apono.Integration.Sdk.Internal;

namespace Apono.Integration.Sdk.Conformance;

/// <summary>
/// Drives a function the way Apono's connector does and checks every contract rule on its answers:
/// get-status → an unknown event, malformed envelopes and an undeclared resource type → per resource type:
/// list-resources (reply rules, not empty, then the same ids when listed again) → grant, repeated grant, revoke,
/// repeated revoke per permission → grants the function must refuse → credentials.
/// </summary>
/// <remarks>
/// It talks to the function through bytes only (<see cref="Invoke"/>), so it checks the production pipeline, a test
/// host or any raw handler the same way. When the SDK's own reply validation turns a bad reply into an
/// <c>InvalidReply</c> error, the pipeline hands over the rule and item it found (<see cref="InvocationResult.Violation"/>),
/// and the finding names them; the English message is only shown, never read.
/// </remarks>
internal sealed class ConformanceRunner
{
    public const string UnlistedPermissionId = "apono-conformance-unlisted-permission";
    public const string UnlistedResourceId = "apono-conformance-unlisted-resource";
    public const string UndeclaredResourceTypeName = "apono-conformance-undeclared-type";

    private readonly Invoke invoke;
    private readonly AponoConformanceOptions options;
    private readonly CustomParameters customParameters;
    private readonly IReadOnlyList<ConformanceTarget>? declared;
    private readonly List<AponoConformanceResult> findings = [];
    private string? resourceType;

    private ConformanceRunner(Invoke invoke, AponoConformanceOptions options, CustomParameters customParameters, IReadOnlyList<ConformanceTarget>? declared)
    {
        this.invoke = invoke;
        this.options = options;
        this.customParameters = customParameters;
        this.declared = declared;
    }

    /// <summary>Sends one envelope and returns the function's answer.</summary>
    public delegate Task<InvocationResult> Invoke(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary>Runs every rule.</summary>
    /// <param name="invoke">The function.</param>
    /// <param name="options">What to send.</param>
    /// <param name="customParameters">The custom parameters of every event (the CLI's may hold non-string JSON values, so they are not read from <paramref name="options"/>).</param>
    /// <param name="declared">The resource types the function declares, with their events; <see langword="null"/> when it declares none (or is a raw handler): the run then probes one type.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<AponoConformanceReport> RunAsync(
        Invoke invoke, AponoConformanceOptions options, CustomParameters customParameters, IReadOnlyList<ConformanceTarget>? declared, CancellationToken cancellationToken)
    {
        var runner = new ConformanceRunner(invoke, options, customParameters, declared);
        await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        return new AponoConformanceReport(runner.findings.ToArray());
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var targets = Targets();
        await CheckStatusAsync(cancellationToken).ConfigureAwait(false);
        await CheckEnvelopeErrorsAsync(targets[0].Name, cancellationToken).ConfigureAwait(false);
        await CheckUndeclaredTypeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var target in targets)
        {
            resourceType = target.Name;
            await CheckTypeAsync(target, cancellationToken).ConfigureAwait(false);
        }

        resourceType = null;
    }

    /// <summary>Every declared type (or the one named), else the one probed: events unknown, so every event is sent.</summary>
    private List<ConformanceTarget> Targets()
    {
        if (declared is { Count: > 0 })
        {
            return options.ResourceType is { } named
                ? [declared.FirstOrDefault(t => string.Equals(t.Name, named, StringComparison.Ordinal)) ?? new ConformanceTarget(named, null)]
                : [.. declared];
        }

        return [new ConformanceTarget(options.ResourceType ?? AponoConformanceOptions.DefaultResourceType, null)];
    }

    private async Task CheckTypeAsync(ConformanceTarget target, CancellationToken cancellationToken)
    {
        var listed = await CheckListResourcesAsync(cancellationToken).ConfigureAwait(false);
        if (listed is null)
        {
            SkipAfterListing("list-resources gave no usable reply");
            return;
        }

        if (listed.Resources.Count == 0 || listed.Permissions.Count == 0)
        {
            var what = listed.Resources.Count == 0 ? (listed.Permissions.Count == 0 ? "no resource and no permission" : "no resource") : "no permission";
            if (options.AllowEmptyListing)
            {
                Skip(ConformanceRules.ListNotEmpty, null, $"lists {what}; accepted because an empty listing is allowed (--allow-empty).");
            }
            else
            {
                Fail(ConformanceRules.ListNotEmpty, null,
                    $"lists {what}, so nothing can be granted and the access and credentials rules cannot run; list at least one resource and one permission, or allow an empty listing (--allow-empty).");
            }

            SkipAfterListing($"list-resources listed {what}");
            return;
        }

        Pass(ConformanceRules.ListNotEmpty, null, string.Create(CultureInfo.InvariantCulture, $"lists {listed.Resources.Count} resource(s) and {listed.Permissions.Count} permission(s)."));
        await CheckStableIdsAsync(listed, cancellationToken).ConfigureAwait(false);
        if (target.Supports(AponoEventType.GrantAccess))
        {
            await CheckAccessAsync(listed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            SkipAccess("the type's handler does not implement grant-access and revoke-access (IAccessHandler), so there is nothing to grant.");
        }

        if (target.Supports(AponoEventType.CreateCredentials))
        {
            await CheckCredentialsAsync(listed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            SkipCredentials("the type's handler does not implement the credentials events (ICredentialsHandler).");
        }
    }

    /// <summary>Lists every rule that needs a listing as skipped, with the reason: a report always shows them.</summary>
    private void SkipAfterListing(string why)
    {
        Skip(ConformanceRules.StableIds, null, $"{why}, so there are no ids to list again.");
        SkipAccess($"{why}, so there is nothing to grant.");
        SkipCredentials($"{why}, so there is no resource to create credentials for.");
    }

    private void SkipAccess(string why)
    {
        foreach (var rule in (ReadOnlySpan<string>)[ConformanceRules.GrantSucceeds, ConformanceRules.GrantIdempotent, ConformanceRules.RevokeSucceeds,
                     ConformanceRules.RevokeIdempotent, ConformanceRules.GrantRejectsUnlistedPermission, ConformanceRules.GrantRejectsUnlistedResource])
        {
            Skip(rule, null, why);
        }
    }

    private void SkipCredentials(string why)
    {
        Skip(ConformanceRules.CreateCredentialsSecret, null, why);
        Skip(ConformanceRules.ResetCredentialsSecret, null, why);
        Skip(ConformanceRules.DeleteCredentialsSucceeds, null, why);
    }

    private async Task CheckStatusAsync(CancellationToken cancellationToken)
    {
        const string Rule = ConformanceRules.GetStatusStatus;
        var result = await SendAsync(new GetStatusRequest { CustomParameters = customParameters }, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Apono sends only the types configured for the integration; a function that declares its types must refuse any
    /// other (the SDK does, unless something in front of it answers). A function that declares none serves whatever
    /// type it is sent, so the rule is skipped for it, with the reason.
    /// </summary>
    private async Task CheckUndeclaredTypeAsync(CancellationToken cancellationToken)
    {
        const string Rule = ConformanceRules.UndeclaredResourceType;
        if (declared is not { Count: > 0 })
        {
            Skip(Rule, null, "the function declares no resource types (ConfigureResourceTypes), so it serves any type it is sent and no type is undeclared.");
            return;
        }

        var known = declared.Select(static t => t.Name).ToArray();
        var undeclared = UndeclaredResourceTypeName;
        while (known.Contains(undeclared, StringComparer.Ordinal))
        {
            undeclared += "-x";
        }

        var item = $"resource_type '{undeclared}'";
        var result = await SendAsync(new ListResourcesRequest { ResourceType = undeclared, CustomParameters = customParameters }, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            Fail(Rule, item, $"list-resources for a type the function does not serve ({string.Join(", ", known.Select(Shown))} only) must fail with InvalidRequest, but it answered {Shown(Encoding.UTF8.GetString(result.Body.Span))}.");
        }
        else if (result.ErrorType != AponoErrorType.InvalidRequest)
        {
            Fail(Rule, item, $"list-resources for a type the function does not serve must fail with InvalidRequest, but failed with {Describe(result)}");
        }
        else
        {
            Pass(Rule, item, $"fails with InvalidRequest: {Shown(result.ErrorMessage ?? string.Empty)}");
        }
    }

    private async Task<Listed?> CheckListResourcesAsync(CancellationToken cancellationToken)
    {
        var request = new ListResourcesRequest { ResourceType = resourceType!, CustomParameters = customParameters };
        var result = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            ReportListFailure(result);
            return null;
        }

        Pass(ConformanceRules.ListSucceeds, null, "answers a reply.");
        using var reply = Parse(result, ConformanceRules.ListShape, null);
        if (reply is null)
        {
            return null;
        }

        var root = reply.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("resources"u8, out var resources) || resources.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("permissions"u8, out var permissions) || permissions.ValueKind != JsonValueKind.Array)
        {
            Fail(ConformanceRules.ListShape, null, "the reply must be an object with a resources array and a permissions array.");
            return null;
        }

        Pass(ConformanceRules.ListShape, null, "has a resources array and a permissions array.");
        var resourceIds = CheckItems(resources, "resource", (ConformanceRules.ResourceId, ConformanceRules.ResourceIdUnique, ConformanceRules.ResourceName), CheckResource);
        var permissionIds = CheckItems(permissions, "permission", (ConformanceRules.PermissionId, ConformanceRules.PermissionIdUnique, ConformanceRules.PermissionName), static (_, _, _) => { });
        return new Listed(resourceIds, permissionIds);
    }

    /// <summary>Lists again: Apono sends listed ids back in grants and revokes later, so the same backend must list the same ids.</summary>
    private async Task CheckStableIdsAsync(Listed listed, CancellationToken cancellationToken)
    {
        const string Rule = ConformanceRules.StableIds;
        var request = new ListResourcesRequest { ResourceType = resourceType!, CustomParameters = customParameters };
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

    private List<string> CheckItems(JsonElement array, string kind, (string Id, string Unique, string Name) rules, Action<ConformanceRunner, JsonElement, string> extra)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var position = string.Create(CultureInfo.InvariantCulture, $"{kind}s[{index++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                Fail(rules.Id, position, $"is a JSON {CustomParameters.Describe(item.ValueKind)}, not an object.");
                continue;
            }

            var id = NonEmptyString(item, "id");
            if (id is null)
            {
                Fail(rules.Id, position, "has no non-empty string id.");
                continue;
            }

            var label = $"{kind} '{Shown(id)}'";
            Pass(rules.Id, label, "has a non-empty id.");
            if (seen.Add(id))
            {
                ids.Add(id);
                Pass(rules.Unique, label, "appears once.");
            }
            else
            {
                Fail(rules.Unique, label, "appears more than once; ids must be unique within the reply.");
            }

            if (NonEmptyString(item, "name") is null)
            {
                Fail(rules.Name, label, "has no non-empty name.");
            }
            else
            {
                Pass(rules.Name, label, "has a name.");
            }

            extra(this, item, label);
        }

        return ids;
    }

    private static void CheckResource(ConformanceRunner runner, JsonElement resource, string label)
    {
        var type = resource.TryGetProperty("type"u8, out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
        if (string.Equals(type, runner.resourceType!, StringComparison.Ordinal))
        {
            runner.Pass(ConformanceRules.ResourceType, label, $"type is the requested '{Shown(type!)}'.");
        }
        else
        {
            runner.Fail(ConformanceRules.ResourceType, label,
                $"type is {(type is null ? "missing" : $"'{Shown(type)}'")}, but the request's resource_type is '{Shown(runner.resourceType!)}'.");
        }

        if (!resource.TryGetProperty("metadata"u8, out var metadata) || metadata.ValueKind == JsonValueKind.Null)
        {
            runner.Pass(ConformanceRules.ResourceMetadata, label, "has no metadata.");
        }
        else if (metadata.ValueKind == JsonValueKind.Object && metadata.EnumerateObject().All(static p => p.Value.ValueKind == JsonValueKind.String))
        {
            runner.Pass(ConformanceRules.ResourceMetadata, label, "metadata maps strings to strings.");
        }
        else
        {
            runner.Fail(ConformanceRules.ResourceMetadata, label, "metadata must be an object of string values.");
        }
    }

    /// <summary>Names the rule behind an <c>InvalidReply</c> the SDK raised while writing the list-resources reply, from the violation it handed over.</summary>
    private void ReportListFailure(InvocationResult result)
    {
        if (result.Violation is { } violation)
        {
            Fail(violation.Rule, violation.Item(Shown), $"the SDK rejected the reply ({result.ErrorType}): {result.ErrorMessage}");
            return;
        }

        Fail(ConformanceRules.ListSucceeds, null, $"list-resources failed: {Describe(result)}");
    }

    private async Task CheckAccessAsync(Listed listed, CancellationToken cancellationToken)
    {
        var resource = listed.Resources[0];
        var index = 0;
        foreach (var permission in listed.Permissions.Take(options.MaxPermissions))
        {
            var grantId = string.Create(CultureInfo.InvariantCulture, $"apono-conformance-grant-{++index:D3}");
            var item = $"permission '{Shown(permission)}' on resource '{Shown(resource)}'";
            var granted = await ExpectOkAsync(ConformanceRules.GrantSucceeds, item, Grant(grantId, resource, permission), null, cancellationToken).ConfigureAwait(false);
            if (granted)
            {
                await ExpectOkAsync(ConformanceRules.GrantIdempotent, item, Grant(grantId, resource, permission), "the same grant (same grant_id, resource and permission) delivered a second time must answer ok too",
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Skip(ConformanceRules.GrantIdempotent, item, "the first grant failed.");
            }

            var revoked = await ExpectOkAsync(ConformanceRules.RevokeSucceeds, item, Revoke(grantId, resource, permission), null, cancellationToken).ConfigureAwait(false);
            if (revoked)
            {
                await ExpectOkAsync(ConformanceRules.RevokeIdempotent, item, Revoke(grantId, resource, permission), "revoking access that is already revoked must answer ok too",
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Skip(ConformanceRules.RevokeIdempotent, item, "the first revoke failed.");
            }
        }

        var unlistedPermission = UnlistedPermissionId;
        while (listed.Permissions.Contains(unlistedPermission, StringComparer.Ordinal))
        {
            unlistedPermission += "-x";
        }

        await ExpectErrorAsync(ConformanceRules.GrantRejectsUnlistedPermission, $"permission '{unlistedPermission}'",
            Grant("apono-conformance-grant-unlisted-permission", resource, unlistedPermission), "granting a permission id that list-resources did not list must fail; answering ok tells Apono access was granted",
            cancellationToken).ConfigureAwait(false);

        var unlistedResource = UnlistedResourceId;
        while (listed.Resources.Contains(unlistedResource, StringComparer.Ordinal))
        {
            unlistedResource += "-x";
        }

        await ExpectErrorAsync(ConformanceRules.GrantRejectsUnlistedResource, $"resource '{unlistedResource}'",
            Grant("apono-conformance-grant-unlisted-resource", unlistedResource, listed.Permissions[0]), "granting on a resource id that list-resources did not list must fail; answering ok tells Apono access was granted",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckCredentialsAsync(Listed listed, CancellationToken cancellationToken)
    {
        var resources = new[] { listed.Resources[0] };
        var item = $"resource '{Shown(listed.Resources[0])}'";
        await ExpectSecretAsync(ConformanceRules.CreateCredentialsSecret, item, new CreateCredentialsRequest
        {
            Username = options.Username,
            ResourceType = resourceType!,
            Resources = resources,
            GrantId = "apono-conformance-credentials",
            Permission = listed.Permissions[0],
            CustomParameters = customParameters,
        }, cancellationToken).ConfigureAwait(false);
        await ExpectSecretAsync(ConformanceRules.ResetCredentialsSecret, item, new ResetCredentialsRequest
        {
            Username = options.Username,
            ResourceType = resourceType!,
            Resources = resources,
            GrantId = "apono-conformance-credentials",
            Permission = listed.Permissions[0],
            CustomParameters = customParameters,
        }, cancellationToken).ConfigureAwait(false);

        var delete = new DeleteCredentialsRequest
        {
            Username = options.Username,
            ResourceType = resourceType!,
            Resources = resources,
            GrantId = "apono-conformance-credentials",
            Permission = listed.Permissions[0],
            CustomParameters = customParameters,
        };
        var result = await SendAsync(delete, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess && result.ErrorType == AponoErrorType.NotSupported)
        {
            Skip(ConformanceRules.DeleteCredentialsSucceeds, item, "the function does not implement delete-credentials (NotSupported).");
            return;
        }

        CheckOk(ConformanceRules.DeleteCredentialsSucceeds, item, result, null);
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
            else if (result.Violation?.Rule == rule)
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

    private async Task CheckEnvelopeErrorsAsync(string sampleType, CancellationToken cancellationToken)
    {
        await ExpectErrorAsync(ConformanceRules.UnknownEvent, "event_type 'apono-conformance-unknown-event'",
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
            ("grant-access without grant_id", "{\"event_type\":\"grant-access\",\"params\":{\"username\":\"" + JsonEncodedText.Encode(options.Username) + "\",\"resource_type\":\"" + JsonEncodedText.Encode(sampleType) + "\",\"resources\":[],\"permission\":\"x\"}}"),
        ];
        foreach (var (item, body) in malformed)
        {
            await ExpectErrorAsync(ConformanceRules.MalformedEnvelope, item, Encoding.UTF8.GetBytes(body), "a malformed envelope must fail with a clear error, never answer ok",
                cancellationToken).ConfigureAwait(false);
        }
    }

    private GrantAccessRequest Grant(string grantId, string resource, string permission) => new()
    {
        GrantId = grantId,
        Username = options.Username,
        ResourceType = resourceType!,
        Resources = [resource],
        Permission = permission,
        CustomParameters = customParameters,
    };

    private RevokeAccessRequest Revoke(string grantId, string resource, string permission) => new()
    {
        GrantId = grantId,
        Username = options.Username,
        ResourceType = resourceType!,
        Resources = [resource],
        Permission = permission,
        CustomParameters = customParameters,
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

    private void Pass(string rule, string? item, string message) => findings.Add(new(rule, item, AponoConformanceOutcome.Passed, message, resourceType));

    private void Fail(string rule, string? item, string message) => findings.Add(new(rule, item, AponoConformanceOutcome.Failed, message, resourceType));

    private void Skip(string rule, string? item, string message) => findings.Add(new(rule, item, AponoConformanceOutcome.Skipped, message, resourceType));

    private sealed record Listed(IReadOnlyList<string> Resources, IReadOnlyList<string> Permissions);
}
