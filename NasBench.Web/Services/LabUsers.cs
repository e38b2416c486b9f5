using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>A user as the admin page and GET /api/users show it.</summary>
public sealed record LabUserView(string Id, string Email, string Role, bool Disabled);

/// <summary>Users and roles for admins (the API and the page share these): invite, change role, disable. Disabling locks the
/// account out, revokes its API tokens and changes its security stamp (open cookies end at the next stamp check).</summary>
public static class LabUsers
{
    /// <summary>The role of an API name (admin | member | viewer), or null.</summary>
    public static string? RoleOf(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "admin" => LabRoles.Admin,
        "member" => LabRoles.Member,
        "viewer" => LabRoles.Viewer,
        _ => null,
    };

    public static async Task<IReadOnlyList<LabUserView>> ListAsync(UserManager<LabUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var result = new List<LabUserView>();
        foreach (var u in await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync())
        {
            var roles = await users.GetRolesAsync(u);
            result.Add(new LabUserView(u.Id, u.Email ?? "", roles.FirstOrDefault()?.ToLowerInvariant() ?? "", u.LockoutEnd > DateTimeOffset.UtcNow));
        }

        return result;
    }

    /// <summary>Creates a user with one role; the errors (by field) when it cannot.</summary>
    public static async Task<(LabUserView? User, Dictionary<string, string[]>? Errors)> CreateAsync(UserManager<LabUser> users, string? email, string? password, string? role)
    {
        ArgumentNullException.ThrowIfNull(users);
        string? labRole = RoleOf(role);
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            return (null, new() { ["email"] = ["\"email\" must be an email address."] });
        }

        if (labRole is null)
        {
            return (null, new() { ["role"] = [$"\"role\" must be admin, member or viewer (got '{role}')."] });
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return (null, new() { ["email"] = [$"A user {email} exists already."] });
        }

        var result = await LabSetup.CreateAsync(users, email.Trim(), password ?? "", labRole);
        if (!result.Succeeded)
        {
            return (null, new() { ["password"] = [.. result.Errors.Select(e => e.Description)] });
        }

        var user = await users.FindByEmailAsync(email.Trim());
        return (new LabUserView(user!.Id, user.Email!, labRole.ToLowerInvariant(), false), null);
    }

    public static async Task<bool> SetRoleAsync(UserManager<LabUser> users, string id, string role)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (await users.FindByIdAsync(id) is not { } user || RoleOf(role) is not { } labRole)
        {
            return false;
        }

        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, labRole);
        await users.UpdateSecurityStampAsync(user);
        return true;
    }

    public static async Task<bool> SetDisabledAsync(UserManager<LabUser> users, LabDbContext db, string id, bool disabled)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(db);
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return false;
        }

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        await users.UpdateSecurityStampAsync(user);
        if (disabled)
        {
            await db.ApiTokens.Where(t => t.UserId == id && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTimeOffset.UtcNow));
        }

        return true;
    }
}
