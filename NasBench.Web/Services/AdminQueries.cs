using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>One page of the audit list, newest first, and the number of entries in all.</summary>
public sealed record AuditPage(int Total, IReadOnlyList<AuditEntry> Rows);

/// <summary>What the admin pages read and write besides Identity's own store: the audit list, the audit entries of user
/// changes, and disabling a user (<see cref="LabUsers.SetDisabledAsync"/>, which also ends the user's tokens).</summary>
public sealed class AdminQueries(IDbContextFactory<LabDbContext> contexts, UserManager<LabUser> users)
{
    /// <summary>Entries <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/>, newest first.</summary>
    public async Task<AuditPage> AuditAsync(int skip, int take = 100)
    {
        await using var db = await contexts.CreateDbContextAsync();
        int total = await db.Audit().CountAsync();
        var rows = await db.Audit().AsNoTracking().OrderByDescending(a => a.Id).Skip(Math.Max(0, skip)).Take(take).ToListAsync();
        return new AuditPage(total, rows);
    }

    /// <summary>Writes one audit entry (<see cref="AuditLog"/>).</summary>
    public Task WriteAuditAsync(string? user, string action, long? experimentId, string? detail = null) =>
        AuditLog.WriteAsync(contexts, user, action, experimentId, detail);

    /// <summary>Disables or enables a user.</summary>
    public async Task<bool> SetDisabledAsync(string userId, bool disabled)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await LabUsers.SetDisabledAsync(users, db, userId, disabled);
    }
}
