using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>Personal access tokens (POST /api/tokens and the account page).</summary>
public static class ApiTokens
{
    /// <summary>Makes a token for a user and stores its hash; the token is shown once.</summary>
    public static async Task<string> IssueAsync(LabDbContext db, string userId, string? name)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (token, hash) = TokenAuthenticationHandler.NewToken();
        db.ApiTokens.Add(new ApiToken { UserId = userId, Name = string.IsNullOrWhiteSpace(name) ? "api" : name[..Math.Min(100, name.Length)], Hash = hash, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return token;
    }
}
