using System.Security.Cryptography;
using System.Text;
using PostgresAccess.Access;

namespace PostgresAccess.Tests.Access;

public sealed class RoleNamesTests
{
    [Theory]
    [InlineData("jane.doe@example.com", "apono_jane_doe_")]
    [InlineData("  Jane.Doe@Example.COM ", "apono_jane_doe_")]
    [InlineData("\"; DROP ROLE postgres; --@x.io", "apono_drop_role_postgres_")]
    [InlineData("ünï@x.io", "apono_n_")]
    [InlineData("@x.io", "apono_user_")]
    [InlineData("no-at-sign", "apono_no_at_sign_")]
    public void ForUser_Email_SanitizedLocalPartAnd128BitHash(string email, string expectedPrefix)
    {
        var role = RoleNames.ForUser(email);

        Assert.StartsWith(expectedPrefix, role);
        Assert.Matches("^apono_[a-z0-9_]+_[0-9a-f]{32}$", role);
        Assert.Equal(expectedPrefix.Length + 32, role.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RoleNames.Normalize(email))))[..32], role[^32..]);
    }

    [Fact]
    public void ForUser_CaseAndSpaces_SameRole_DifferentDomains_DifferentRoles()
    {
        Assert.Equal(RoleNames.ForUser("Jane.Doe@Example.com"), RoleNames.ForUser(" jane.doe@example.com"));
        Assert.NotEqual(RoleNames.ForUser("jane@a.example"), RoleNames.ForUser("jane@b.example"));
    }

    [Fact]
    public void Normalize_KelvinSign_FoldsToTheAsciiLetter_ButTheIdentityStaysDistinct()
    {
        const string twin = "\u212Aate@example.com";

        Assert.Equal("kate@example.com", RoleNames.Normalize(twin));
        Assert.Equal(RoleNames.ForUser("kate@example.com"), RoleNames.ForUser(twin));
        Assert.Equal("kate@example.com", RoleNames.Identity("  Kate@Example.COM "));
        Assert.NotEqual(RoleNames.Identity("kate@example.com"), RoleNames.Identity(twin));
    }

    [Fact]
    public void ForUser_VeryLongEmail_FitsPostgresNameLimit()
    {
        var role = RoleNames.ForUser(new string('x', 500) + "@example.com");

        Assert.Equal(63, role.Length);
        Assert.Equal(63, Encoding.UTF8.GetByteCount(role));
    }

    [Fact]
    public void ForGrant_GrantId_StableHashedName()
    {
        Assert.Equal("apono_grant_", RoleNames.ForGrant("g-1")[..12]);
        Assert.Equal(RoleNames.ForGrant("g-1"), RoleNames.ForGrant("g-1"));
        Assert.NotEqual(RoleNames.ForGrant("g-1"), RoleNames.ForGrant("g-2"));
        Assert.Matches("^apono_grant_[0-9a-f]{32}$", RoleNames.ForGrant("\"; DROP ROLE x; --"));
    }
}
