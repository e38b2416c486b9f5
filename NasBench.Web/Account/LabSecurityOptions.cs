using System.ComponentModel.DataAnnotations;

namespace NasBench.Web.Account;

/// <summary>
/// The lab's security settings (<c>NasBench:Security</c>), bound once and validated at start. Every default is what a
/// group of 5–30 people on one shared server needs; a proxy in front (TLS) turns on <see cref="ForwardedHeaders"/>.
/// </summary>
public sealed class LabSecurityOptions
{
    public const string Section = "NasBench:Security";

    /// <summary>How often a sign-in cookie's security stamp is checked against the database, in seconds: disabling,
    /// demoting or changing a password ends the user's cookies after at most this long. The default value is 0 (every request).</summary>
    [Range(0, 300)]
    public int StampCheckSeconds { get; set; }

    /// <summary>How often an open page (a Blazor circuit) checks that its user is still enabled and unchanged, in seconds; each
    /// action of the page checks at once anyway (<see cref="ActingUser"/>). The default value is 60.</summary>
    [Range(1, 3600)]
    public int CircuitCheckSeconds { get; set; } = 60;

    /// <summary>Sign-in attempts (form or POST /api/tokens) one client may make for one email per
    /// <see cref="SignInWindowSeconds"/>. The default value is 5.</summary>
    [Range(1, 1000)]
    public int SignInAttemptsPerAccount { get; set; } = 5;

    /// <summary>Sign-in attempts one client (IP address) may make for all emails together per window. The default value is 100.</summary>
    [Range(1, 100_000)]
    public int SignInAttemptsPerClient { get; set; } = 100;

    /// <summary>The throttle's window, in seconds. The default value is 60.</summary>
    [Range(1, 86_400)]
    public int SignInWindowSeconds { get; set; } = 60;

    /// <summary>Wrong passwords (form and API together) one client may try for one account per <see cref="LockoutMinutes"/>;
    /// then that client (only) is locked out of that account until the period ends. The default value is 10.</summary>
    [Range(1, 1000)]
    public int MaxFailedSignIns { get; set; } = 10;

    /// <summary>The period of a client's lockout from an account, in minutes. The default value is 5.</summary>
    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 5;

    /// <summary>Wrong passwords for one account from all clients together per <see cref="SignInWindowSeconds"/>; beyond it the
    /// account's sign-ins are refused with 429 until the window ends — a rate limit, never a lock — except from clients the
    /// account signed in from before (<see cref="KnownClientDays"/>). The default value is 30.</summary>
    [Range(1, 100_000)]
    public int SignInFailuresPerAccount { get; set; } = 30;

    /// <summary>Days a client that signed in to an account stays exempt from that account's cross-client limit. The default value is 30.</summary>
    [Range(1, 3650)]
    public int KnownClientDays { get; set; } = 30;

    /// <summary>Trust X-Forwarded-For/-Proto from <see cref="KnownProxies"/> (a TLS proxy in front): request scheme and client
    /// address become the proxy's view, so cookies are Secure and the throttle sees real clients. The default value is false.</summary>
    public bool ForwardedHeaders { get; set; }

    /// <summary>The proxies' addresses (comma-separated) whose forwarded headers are trusted. The default value is loopback only.</summary>
    public string KnownProxies { get; set; } = "127.0.0.1,::1";

    /// <summary>Send Strict-Transport-Security and redirect http to https (only behind TLS). The default value is false.</summary>
    public bool Hsts { get; set; }
}
