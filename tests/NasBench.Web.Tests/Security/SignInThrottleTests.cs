using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Web.Data;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Security;

/// <summary>Password guessing on POST /api/tokens and the sign-in form: the per-client throttle answers 429 with Retry-After
/// after 5 failures, Identity's lockout counts the API's failures too, and an unknown email costs as much as a known one.</summary>
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
    public async Task TokenFailures_CountTowardsIdentitysLockout()
    {
        var (email, _) = await SecurityUsers.CreateAsync(lab, "viewer", "count");
        using var client = lab.Anonymous();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/tokens", new { email, password = "wrong" })).StatusCode);
        }

        using var scope = lab.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LabUser>>();
        Assert.Equal(3, await users.GetAccessFailedCountAsync((await users.FindByEmailAsync(email))!));
    }

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
