using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NasBench.Web.Data;

namespace NasBench.Web.Account;

/// <summary>Bearer personal access tokens: the token's SHA-256 is looked up (the token itself is never stored); the user
/// and roles are read on every request, so disabling or demoting takes effect on the next one.</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    LabDbContext db,
    UserManager<LabUser> users,
    IUserClaimsPrincipalFactory<LabUser> principals) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Token";

    /// <summary>A new random token (256 bits, "nbt_" and base64url) and the hash to store.</summary>
    public static (string Token, string Hash) NewToken() => SecretTokens.New(32, "nbt_");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        string hash = SecretTokens.HashOf(header["Bearer ".Length..].Trim());
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null);
        if (token is null || await users.FindByIdAsync(token.UserId) is not { } user)
        {
            return AuthenticateResult.Fail("Unknown or revoked token.");
        }

        // A disabled (or locked) user's tokens end on the next request, whatever minted them; roles are read afresh below.
        if (await users.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("The token's user is disabled or locked out.");
        }

        var principal = await principals.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Name));
    }
}
