using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NasBench.Web.Data;

namespace NasBench.Web.Account;

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    SignedIn,
    Wrong,
    LockedOut,
    Throttled,
}

/// <summary>
/// The one check of an email and password, for the sign-in form and POST /api/tokens alike. Failures are counted per
/// client (its IP address, as the forwarded headers say when a trusted proxy is in front) and never lock an account for
/// everyone: a client that guesses is locked out of that account (and throttled in general), while the account's failures
/// from all clients together only slow further guesses down for a window, never for clients the account signed in from
/// before. An unknown email costs the same work as a known one.
/// </summary>
/// <remarks>
/// <code>
/// key = (client, EMAIL)
/// refuse (Throttled, Retry-After = the window's end) when, counting failures only:
///     the client's failures for this email in SignInWindowSeconds ≥ SignInAttemptsPerAccount (throttle), or
///     the client's failures for this email in LockoutMinutes ≥ MaxFailedSignIns (the client's lockout from this account), or
///     the client's failures for all emails in SignInWindowSeconds ≥ SignInAttemptsPerClient, or
///     the client never signed in to this email and the email's failures from all clients in SignInWindowSeconds
///         ≥ SignInFailuresPerAccount (a rate limit across clients: distributed guessing, never a lock)
/// user = FindByEmail(email); if none: verify the password against a dummy hash (same ~100 ms), Wrong
/// SignInManager.CheckPasswordSignIn(user, password, lockoutOnFailure: false) → SignedIn | LockedOut (disabled) | Wrong
/// a failure takes one permit of each limiter above; a success remembers (client, email) as known
/// </code>
/// Only failures use permits: people who type their password right are never slowed down. Identity's own lockout (per
/// account, whoever failed) is not used for failures: ten guesses from anywhere would lock the real user out. It stays
/// the admin's "disable".
/// </remarks>
public sealed class SignInGate : IDisposable
{
    private readonly PartitionedRateLimiter<(string Client, string Email)> _perClient;
    private readonly PartitionedRateLimiter<string> _perAccount;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Client, string Email), DateTimeOffset> _known = new();
    private readonly IOptions<LabSecurityOptions> _options;
    private readonly TimeProvider _clock;
    private readonly Lazy<string> _dummyHash;

    public SignInGate(IOptions<LabSecurityOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _clock = clock ?? TimeProvider.System;
        // Each partition reads the options when it is made, so a setting changed at run time applies to new clients and emails.
        _perClient = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<(string Client, string Email), string>(k => RateLimitPartition.GetFixedWindowLimiter(k.Client, _ => Window(o => o.SignInAttemptsPerClient))),
            PartitionedRateLimiter.Create<(string Client, string Email), string>(k => RateLimitPartition.GetFixedWindowLimiter(k.Client + "\n" + k.Email, _ => Window(o => o.SignInAttemptsPerAccount))),
            PartitionedRateLimiter.Create<(string Client, string Email), string>(k => RateLimitPartition.GetFixedWindowLimiter(k.Client + "\n" + k.Email, _ => Lockout())));
        _perAccount = PartitionedRateLimiter.Create<string, string>(email => RateLimitPartition.GetFixedWindowLimiter(email, _ => Window(o => o.SignInFailuresPerAccount)));
        _dummyHash = new(() => new PasswordHasher<LabUser>().HashPassword(new LabUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))));
    }

    /// <summary>Checks <paramref name="email"/> and <paramref name="password"/> from <paramref name="http"/>'s client; with
    /// <paramref name="signIn"/> the cookie is issued on success. <c>RetryAfter</c> is set when throttled.</summary>
    public async Task<(SignInOutcome Outcome, LabUser? User, TimeSpan RetryAfter)> CheckAsync(HttpContext http, SignInManager<LabUser> signInManager, string? email, string? password, bool signIn)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(signInManager);
        var key = (http.Connection.RemoteIpAddress?.ToString() ?? "?", (email ?? "").Trim().ToUpperInvariant());
        using (var open = _perClient.AttemptAcquire(key, 0))
        {
            if (!open.IsAcquired)
            {
                return (SignInOutcome.Throttled, null, RetryAfterOf(open));
            }
        }

        if (!Known(key))
        {
            using var account = _perAccount.AttemptAcquire(key.Item2, 0);
            if (!account.IsAcquired)
            {
                return (SignInOutcome.Throttled, null, RetryAfterOf(account));
            }
        }

        var user = string.IsNullOrWhiteSpace(email) ? null : await signInManager.UserManager.FindByEmailAsync(email.Trim());
        SignInOutcome outcome;
        if (user is null)
        {
            // As much work as a real check, so the time of the answer does not tell which emails have accounts.
            _ = signInManager.UserManager.PasswordHasher.VerifyHashedPassword(new LabUser(), _dummyHash.Value, password ?? "");
            outcome = SignInOutcome.Wrong;
        }
        else
        {
            var result = signIn
                ? await signInManager.PasswordSignInAsync(user, password ?? "", isPersistent: true, lockoutOnFailure: false)
                : await signInManager.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: false);
            outcome = result.Succeeded ? SignInOutcome.SignedIn : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Wrong;
        }

        if (outcome == SignInOutcome.SignedIn)
        {
            _known[key] = _clock.GetUtcNow();
        }
        else
        {
            _perClient.AttemptAcquire(key).Dispose();
            _perAccount.AttemptAcquire(key.Item2).Dispose();
        }

        return (outcome, outcome == SignInOutcome.SignedIn ? user : null, TimeSpan.Zero);
    }

    public void Dispose()
    {
        _perClient.Dispose();
        _perAccount.Dispose();
    }

    /// <summary>Whether this client signed in to this email before (within <see cref="LabSecurityOptions.KnownClientDays"/>):
    /// the account-wide limit does not apply to it, so guessing from elsewhere cannot keep the user out of their usual place.</summary>
    private bool Known((string Client, string Email) key) =>
        _known.TryGetValue(key, out var at) && _clock.GetUtcNow() - at < TimeSpan.FromDays(_options.Value.KnownClientDays);

    private FixedWindowRateLimiterOptions Window(Func<LabSecurityOptions, int> permits) =>
        new() { PermitLimit = permits(_options.Value), Window = TimeSpan.FromSeconds(_options.Value.SignInWindowSeconds), QueueLimit = 0, AutoReplenishment = true };

    private FixedWindowRateLimiterOptions Lockout() =>
        new() { PermitLimit = _options.Value.MaxFailedSignIns, Window = TimeSpan.FromMinutes(_options.Value.LockoutMinutes), QueueLimit = 0, AutoReplenishment = true };

    private TimeSpan RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero ? retry : TimeSpan.FromSeconds(_options.Value.SignInWindowSeconds);
}
