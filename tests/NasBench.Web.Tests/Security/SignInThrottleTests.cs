using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Web.Data;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Security;

/// <summary>Password guessing on POST /api/tokens and the sign-in form: the per-client throttle answers 429 with Retry-After
/// after 5 failures, a client is locked out of an account after MaxFailedSignIns, many clients together only rate-limit an
/// account (never lock it, never for a client it signed in from), and an unknown email costs as much as a known one.</summary>
[Collection(LabCollection.Name)]
public class SignInThrottleTests(LabServer lab, ITestOutputHelper output)
{
    [Fact]
    public async Task FiftyWrongTokenRequests_AreThrottled_AndTheRightPasswordThenWaits()
    {
        var (email, _) = await SecurityUsers.CreateAsync(lab, "viewer", "guess");
        using var client = lab.Anonymous();
        var statuses = new List<int>();
        string? retryAfter = null;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 50; i++)
        {
            var response = await client.PostAsJsonAsync("/api/tokens", new { email, password = $"wrong{i}" });
            statuses.Add((int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                retryAfter ??= response.Headers.RetryAfter?.ToString();
            }
        }

        var right = await client.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password });
        output.WriteLine($"50 wrong passwords in {clock.ElapsedMilliseconds} ms: {statuses.Count(s => s == 401)} × 401, then {statuses.Count(s => s == 429)} × 429 " +
            $"(first refused: request {statuses.IndexOf(429) + 1}, Retry-After: {retryAfter} s); the right password then: {(int)right.StatusCode}");
        Assert.Equal(Enumerable.Repeat(401, 5).Concat(Enumerable.Repeat(429, 45)), statuses);
        Assert.InRange(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(right.Headers.RetryAfter is not null, "429 without Retry-After");
    }

    [Fact]
    public async Task ManyClients_CannotLockAnAccount_TheyOnlySlowItDown_AndAKnownClientStillSignsIn()
    {
        var o = lab.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NasBench.Web.Account.LabSecurityOptions>>().Value;
        var (email, _) = await SecurityUsers.CreateAsync(lab, "viewer", "spread");
        // The user's own machine, which signed in before the attack.
        using (var home = From("127.0.0.250"))
        {
            Assert.Equal(HttpStatusCode.OK, (await home.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password })).StatusCode);
        }

        // A distributed guesser: one wrong password from each of 40 addresses (distinct loopback clients, 127.0.0.2–41).
        int clients = o.SignInFailuresPerAccount + 10;
        var statuses = new List<int>();
        string? retryAfter = null;
        for (int i = 0; i < clients; i++)
        {
            using var client = From($"127.0.0.{2 + i}");
            var response = await client.PostAsJsonAsync("/api/tokens", new { email, password = $"guess{i}" });
            statuses.Add((int)response.StatusCode);
            retryAfter ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response.Headers.RetryAfter?.ToString() : null;
        }

        using var scope = lab.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LabUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        using var known = From("127.0.0.250");
        var fromHome = await known.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password });
        using var stranger = From("127.0.0.251");
        var fromElsewhere = await stranger.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password });
        output.WriteLine($"{clients} clients, one wrong password each: {statuses.Count(s => s == 401)} × 401 then {statuses.Count(s => s == 429)} × 429 " +
            $"(Retry-After {retryAfter} s); locked: {await users.IsLockedOutAsync(user)}; the right password from the user's known client: {(int)fromHome.StatusCode}, " +
            $"from a new client during the attack: {(int)fromElsewhere.StatusCode} (Retry-After {fromElsewhere.Headers.RetryAfter})");
        Assert.Equal(Enumerable.Repeat(401, o.SignInFailuresPerAccount).Concat(Enumerable.Repeat(429, 10)), statuses);
        Assert.InRange(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, o.SignInWindowSeconds);
        Assert.False(await users.IsLockedOutAsync(user), "The guesses locked the account.");
        Assert.Equal(0, await users.GetAccessFailedCountAsync(user));
        Assert.Equal(HttpStatusCode.OK, fromHome.StatusCode);
        // The remaining risk (docs/SECURITY.md): while the guessing lasts, a client the account never signed in from waits.
        Assert.Equal(HttpStatusCode.TooManyRequests, fromElsewhere.StatusCode);
    }

    [Fact]
    public async Task OneClient_IsLockedOutOfTheAccount_AfterMaxFailedSignIns_OthersAreNot()
    {
        var o = lab.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NasBench.Web.Account.LabSecurityOptions>>().Value;
        var (email, _) = await SecurityUsers.CreateAsync(lab, "viewer", "lock");
        int throttle = o.SignInAttemptsPerAccount;
        // Past the one-minute throttle (new partitions read the settings when made), to reach the client's lockout.
        o.SignInAttemptsPerAccount = 1000;
        try
        {
            using var guesser = From("127.0.0.60");
            var statuses = new List<int>();
            for (int i = 0; i < o.MaxFailedSignIns; i++)
            {
                statuses.Add((int)(await guesser.PostAsJsonAsync("/api/tokens", new { email, password = $"wrong{i}" })).StatusCode);
            }

            var right = await guesser.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password });
            using var other = From("127.0.0.61");
            var elsewhere = await other.PostAsJsonAsync("/api/tokens", new { email, password = LabServer.Password });
            output.WriteLine($"{o.MaxFailedSignIns} wrong passwords from one client: {string.Join(' ', statuses)}; then the right one from it: {(int)right.StatusCode} " +
                $"(Retry-After {right.Headers.RetryAfter} s, LockoutMinutes {o.LockoutMinutes}); from another client: {(int)elsewhere.StatusCode}");
            Assert.All(statuses, s => Assert.Equal(401, s));
            Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
            Assert.InRange(int.Parse(right.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), o.SignInWindowSeconds + 1, o.LockoutMinutes * 60);
            Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        }
        finally
        {
            o.SignInAttemptsPerAccount = throttle;
        }
    }

    private HttpClient From(string address) => LoopbackClient.From(lab.BaseAddress, address);

    [Fact]
    public async Task TheSignInForm_IsThrottledToo_With429AndRetryAfter()
    {
        var (email, _) = await SecurityUsers.CreateAsync(lab, "viewer", "form");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = lab.BaseAddress };
        var statuses = new List<int>();
        HttpResponseMessage last = null!;
        for (int i = 0; i < 7; i++)
        {
            last = await CookieClient.PostFormAsync(client, email, "wrong-password");
            statuses.Add((int)last.StatusCode);
        }

        output.WriteLine($"7 wrong form posts: {string.Join(' ', statuses)}; Retry-After {last.Headers.RetryAfter}");
        Assert.Equal([200, 200, 200, 200, 200, 429, 429], statuses);
        Assert.NotNull(last.Headers.RetryAfter);
        Assert.Contains("try again in", await last.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownEmail_IsAnsweredAsSlowlyAsAKnownOne()
    {
        var (email, _) = await SecurityUsers.CreateAsync(lab, "viewer", "time");
        using var client = lab.Anonymous();
        var known = new List<double>();
        var unknown = new List<double>();
        for (int i = 0; i < 4; i++)
        {
            known.Add(await TimeAsync(client, email));
            unknown.Add(await TimeAsync(client, $"nobody-{Guid.NewGuid():N}@lab.test"));
        }

        double k = known.Order().ElementAt(2), u = unknown.Order().ElementAt(2);
        output.WriteLine($"/api/tokens, wrong password: known email {string.Join(", ", known.Select(t => $"{t:0}"))} ms; unknown {string.Join(", ", unknown.Select(t => $"{t:0}"))} ms");
        Assert.True(u > k / 3, $"unknown {u:0} ms vs known {k:0} ms");
    }

    private static async Task<double> TimeAsync(HttpClient client, string email)
    {
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync("/api/tokens", new { email, password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }
}
