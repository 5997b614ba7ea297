using System.Security.Cryptography;
using System.Text;
using Npgsql;
using PostgresAccess.Tests.Infrastructure;
using SampleTestSupport;

namespace PostgresAccess.Tests.Attacks;

/// <summary>
/// Finding 5: a Unicode case-folding twin mapped to another user's login role, and the 32-bit suffix could be
/// brute-forced to a different domain mapping to a victim's role; reset-credentials then took the role over.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RoleCollisionTests(PostgresCluster cluster) : PostgresTestBase(cluster)
{
    [Fact]
    public async Task KelvinSignTwin_SameRoleName_IsRefusedEverywhereAndTheVictimKeepsRoleGrantsAndPassword()
    {
        var victim = NewUser("kate");
        var twin = "\u212A" + victim[1..];
        var role = UserRole(victim);
        Assert.Equal(role, UserRole(twin));
        await InvokeOkAsync("grant-access", AccessParams(victim, "read-all", "db:orders"));
        var password = (await InvokeOkAsync("create-credentials", CredentialsParams(victim))).Reply()["secret"]!.GetValue<string>();
        var twinGrant = AccessParams(twin, "write-all", "db:orders");

        var grant = await Host.InvokeAsync("grant-access", twinGrant);
        var reset = await Host.InvokeAsync("reset-credentials", CredentialsParams(twin));
        var create = await Host.InvokeAsync("create-credentials", CredentialsParams(twin));
        var delete = await Host.InvokeAsync("delete-credentials", CredentialsParams(twin));

        var refused = $"The login role {role} is recorded for another e-mail address that normalizes to the same name; this e-mail is refused and the role is left alone.";
        foreach (var outcome in new[] { grant, reset, create, delete })
        {
            Assert.Equal("InvalidRequest", outcome.ErrorType);
            Assert.Equal(refused, outcome.ErrorMessage);
        }

        Assert.Null(await TryAsUserAsync(role, password, "orders", "SELECT count(*) FROM sales.invoices"));
        Assert.True(await Cluster.ScalarAsync<bool>("postgres", "SELECT rolcanlogin AND NOT rolsuper FROM pg_roles WHERE rolname = $1", role));
        Assert.Equal(1L, await Cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = $1", role));
        Assert.False(await Cluster.ScalarAsync<bool>("orders", "SELECT has_table_privilege($1, 'sales.invoices', 'INSERT')", role));
        Assert.False(await RoleExistsAsync(GrantRole(twinGrant["grant_id"]!.GetValue<string>())));
        Assert.Equal(0L, await Cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM apono_access.grants WHERE grant_id = $1", twinGrant["grant_id"]!.GetValue<string>()));
        Assert.Equal(victim, await Cluster.ScalarAsync<string>("postgres", "SELECT identity FROM apono_access.login_roles WHERE role_name = $1", role));
    }

    [Fact]
    public async Task ForgedDomain_CollidingUnderThe32BitScheme_GetsItsOwnRoleAndCannotTakeOverTheVictim()
    {
        var (victim, attacker) = FindOldSchemeCollision();
        Assert.Equal(OldRoleName(victim), OldRoleName(attacker));
        Assert.NotEqual(UserRole(victim), UserRole(attacker));
        await InvokeOkAsync("grant-access", AccessParams(victim, "read-all", "db:orders"));
        var victimPassword = (await InvokeOkAsync("create-credentials", CredentialsParams(victim))).Reply()["secret"]!.GetValue<string>();

        await InvokeOkAsync("grant-access", AccessParams(attacker, "read-all", "db:crm"));
        // The takeover step of the attack: reset-credentials. It sets a password on the attacker's own role only.
        var attackerPassword = (await InvokeOkAsync("reset-credentials", CredentialsParams(attacker))).Reply()["secret"]!.GetValue<string>();

        Assert.Null(await TryAsUserAsync(UserRole(victim), victimPassword, "orders", "SELECT count(*) FROM sales.invoices"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, (await TryAsUserAsync(UserRole(victim), attackerPassword, "orders"))?.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await TryAsUserAsync(UserRole(attacker), attackerPassword, "orders", "SELECT count(*) FROM sales.invoices"))?.SqlState);
        Assert.False(await Cluster.ScalarAsync<bool>("crm", "SELECT has_table_privilege($1, 'public.contacts', 'SELECT')", UserRole(victim)));
        Assert.Equal(1L, await Cluster.ScalarAsync<long>("postgres", "SELECT count(*) FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = $1", UserRole(victim)));
    }

    /// <summary>The first version's name: local part (at most 40) + 8 hex digits (32 bits) of SHA-256 of the lower-cased e-mail.</summary>
    private static string OldRoleName(string email)
    {
        var normalized = email.Trim().ToLowerInvariant();
        var local = normalized[..normalized.LastIndexOf('@')];
        return "apono_" + local + "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)))[..8];
    }

    /// <summary>A birthday search over domains: two e-mails with the same local part whose 32-bit suffixes match (about 2^16 tries).</summary>
    private static (string Victim, string Attacker) FindOldSchemeCollision()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; ; i++)
        {
            var email = $"victim@d{i}.example";
            var name = OldRoleName(email);
            if (seen.TryGetValue(name, out var earlier))
            {
                return (earlier, email);
            }

            seen[name] = email;
        }
    }
}
