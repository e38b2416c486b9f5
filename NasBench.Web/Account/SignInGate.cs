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
/// The one check of an email and password, for the sign-in form and POST /api/tokens alike: a per-client throttle first
/// (System.Threading.RateLimiting: failed attempts per client and per client × email in a fixed window), then Identity's
/// lockout (failures of both paths counted together), and the same work for an unknown email as for a known one.
/// </summary>
/// <remarks>
/// <code>
/// if the client's window for this email (or for all emails) is used up: Throttled, Retry-After = the window's end
/// user = FindByEmail(email); if none: verify the password against a dummy hash (same ~100 ms), count a failure, Wrong
/// SignInManager.CheckPasswordSignIn(user, password, lockoutOnFailure: true)  → SignedIn | LockedOut | Wrong (failure counted)
/// </code>
/// Only failures use the throttle's permits: people who type their password right are never slowed down.
/// </remarks>
public sealed class SignInGate : IDisposable
{
    private readonly PartitionedRateLimiter<(string Client, string Email)> _failures;
    private readonly TimeSpan _window;
    private readonly Lazy<string> _dummyHash;

    public SignInGate(IOptions<LabSecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _window = TimeSpan.FromSeconds(o.SignInWindowSeconds);
        _failures = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<(string Client, string Email), string>(k => RateLimitPartition.GetFixedWindowLimiter(k.Client, _ => Window(o.SignInAttemptsPerClient))),
            PartitionedRateLimiter.Create<(string Client, string Email), string>(k => RateLimitPartition.GetFixedWindowLimiter(k.Client + "\n" + k.Email, _ => Window(o.SignInAttemptsPerAccount))));
        _dummyHash = new(() => new PasswordHasher<LabUser>().HashPassword(new LabUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))));
    }

    /// <summary>Checks <paramref name="email"/> and <paramref name="password"/> from <paramref name="http"/>'s client; with
    /// <paramref name="signIn"/> the cookie is issued on success. <c>RetryAfter</c> is set when throttled.</summary>
    public async Task<(SignInOutcome Outcome, LabUser? User, TimeSpan RetryAfter)> CheckAsync(HttpContext http, SignInManager<LabUser> signInManager, string? email, string? password, bool signIn)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(signInManager);
        var key = (http.Connection.RemoteIpAddress?.ToString() ?? "?", (email ?? "").Trim().ToUpperInvariant());
        using (var open = _failures.AttemptAcquire(key, 0))
        {
            if (!open.IsAcquired)
            {
                return (SignInOutcome.Throttled, null, RetryAfterOf(open));
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
                ? await signInManager.PasswordSignInAsync(user, password ?? "", isPersistent: true, lockoutOnFailure: true)
                : await signInManager.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true);
            outcome = result.Succeeded ? SignInOutcome.SignedIn : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Wrong;
        }

        if (outcome != SignInOutcome.SignedIn)
        {
            _failures.AttemptAcquire(key).Dispose();
        }

        return (outcome, outcome == SignInOutcome.SignedIn ? user : null, TimeSpan.Zero);
    }

    public void Dispose() => _failures.Dispose();

    private FixedWindowRateLimiterOptions Window(int permits) => new() { PermitLimit = permits, Window = _window, QueueLimit = 0, AutoReplenishment = true };

    private TimeSpan RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero ? retry : _window;
}
