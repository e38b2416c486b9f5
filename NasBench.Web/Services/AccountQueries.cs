using Microsoft.EntityFrameworkCore;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>The account page's API tokens: list, issue (<see cref="ApiTokens.IssueAsync"/>), revoke (only the user's own).</summary>
public sealed class AccountQueries(IDbContextFactory<LabDbContext> contexts, TimeProvider time)
{
    /// <summary>The user's tokens, newest first (revoked ones included).</summary>
    public async Task<List<ApiToken>> TokensAsync(string? userId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync();
    }

    /// <summary>A new token for the user; returns it (shown once, only its hash is stored).</summary>
    public async Task<string> IssueAsync(string userId, string? name)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await ApiTokens.IssueAsync(db, userId, name);
    }

    /// <summary>Revokes token <paramref name="id"/> when it is the user's and still live.</summary>
    public async Task RevokeAsync(string userId, long id)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync();
        await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now));
    }
}
