using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NasBench.Web.Data;

namespace NasBench.Web.Account;

/// <summary>
/// Who acts, as the database says now. A page (a Blazor circuit) keeps the principal it was opened with; a user disabled
/// or demoted since then must not cancel, share, publish, launch or administer from that open page. Every state-changing
/// action of a component asks <see cref="CurrentAsync(AuthenticationStateProvider)"/> first and acts with what it answers.
/// </summary>
/// <remarks>
/// <code>
/// row = Users[id of the circuit's principal]; null when gone
/// refused when row.LockoutEnd &gt; now (disabled, or locked out) or when the principal's security stamp ≠ row.SecurityStamp
///     (disable, a role change and a password change all change the stamp)
/// else a principal with the row's id, email and roles now
/// </code>
/// </remarks>
public sealed class ActingUser(IDbContextFactory<LabDbContext> contexts, IOptions<IdentityOptions> identity, TimeProvider clock)
{
    /// <summary>What an open page says when its user may no longer act.</summary>
    public const string Refused = "Your account was disabled or changed since this page was opened: nothing was done. Reload the page (or sign in again).";

    /// <summary>The circuit's user as the database has it now, or null when that user may no longer act.</summary>
    public async Task<ClaimsPrincipal?> CurrentAsync(AuthenticationStateProvider auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        return await CurrentAsync((await auth.GetAuthenticationStateAsync()).User);
    }

    /// <summary>The user of <paramref name="principal"/> as the database has it now, or null (see the remarks).</summary>
    public async Task<ClaimsPrincipal?> CurrentAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        string? id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync();
        var row = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Email, u.UserName, u.LockoutEnd, u.SecurityStamp }).SingleOrDefaultAsync();
        string? stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (row is null || row.LockoutEnd > clock.GetUtcNow() || (stamp is not null && stamp != row.SecurityStamp))
        {
            return null;
        }

        var roles = await db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, role) => role.Name!).ToListAsync();
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, row.UserName ?? row.Email ?? id), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
            "lab", ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>
/// The circuit's authentication state, checked against the database every <see cref="LabSecurityOptions.CircuitCheckSeconds"/>:
/// an open page of a disabled or demoted user turns into the not-allowed view within that time even if nobody clicks
/// (actions re-check at once through <see cref="ActingUser"/>).
/// </summary>
public sealed class LabAuthenticationStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<LabSecurityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(options.Value.CircuitCheckSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        if (authenticationState.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ActingUser>().CurrentAsync(authenticationState.User) is not null;
        }
        catch (ObjectDisposedException)
        {
            // The app is stopping and its circuits with it: nothing to validate against any more.
            return false;
        }
    }
}
