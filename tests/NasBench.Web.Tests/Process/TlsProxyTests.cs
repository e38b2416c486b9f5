using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using NasBench.Web.Tests.Security;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// The lab behind a TLS proxy (docs/SECURITY.md, "Headers, TLS proxy"), as a real server process started with
/// NasBench__Security__ForwardedHeaders=true and NasBench__Security__Hsts=true: a request the proxy (a known address) marks
/// X-Forwarded-Proto: https gets Strict-Transport-Security and Secure cookies; the same headers from any other address are
/// ignored; the throttle keys on the forwarded client address.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed partial class TlsProxyTests(ITestOutputHelper output) : BehindAProxy("proxy")
{
    [Fact]
    public async Task ThroughTheProxy_HstsAndSecureCookies_FromAnyoneElse_NeitherIsTrusted()
    {
        using var proxy = LoopbackClient.From(Server.BaseAddress, "127.0.0.1");
        var viaTls = await GetAsync(proxy, "/account/signin", "https");
        string sts = Assert.Single(viaTls.Headers.GetValues("Strict-Transport-Security"));
        output.WriteLine($"via the proxy (X-Forwarded-Proto: https): Strict-Transport-Security: {sts}; Set-Cookie: {string.Join(" | ", SetCookies(viaTls))}");
        Assert.Contains("max-age=15552000", sts, StringComparison.Ordinal);
        Assert.NotEmpty(SetCookies(viaTls));
        Assert.All(SetCookies(viaTls), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        // Signing in through the proxy: the sign-in cookie is Secure, HttpOnly and SameSite=Lax.
        var signedIn = await SignInAsync(proxy, viaTls);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        string identity = SetCookies(signedIn).Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        output.WriteLine($"sign-in cookie via the proxy: {identity[..identity.IndexOf('=', StringComparison.Ordinal)]}=…{identity[identity.IndexOf(';', StringComparison.Ordinal)..]}");
        Assert.Contains("secure", identity, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", identity, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", identity, StringComparison.OrdinalIgnoreCase);

        // Plain http (no proxy in between): no HSTS, no Secure cookie.
        var plain = await GetAsync(proxy, "/account/signin", null);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        Assert.All(SetCookies(plain), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));

        // The same forwarded headers from an address that is not a known proxy are ignored.
        using var stranger = LoopbackClient.From(Server.BaseAddress, "127.0.0.2");
        var forged = await GetAsync(stranger, "/account/signin", "https");
        Assert.False(forged.Headers.Contains("Strict-Transport-Security"), "forwarded headers trusted from an unknown address");
        Assert.All(SetCookies(forged), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheThrottle_KeysOnTheForwardedClientAddress()
    {
        using var proxy = LoopbackClient.From(Server.BaseAddress, "127.0.0.1");
        var statuses = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            statuses.Add((int)(await TokenAsync(proxy, "203.0.113.7", "wrong")).StatusCode);
        }

        var otherClient = await TokenAsync(proxy, "203.0.113.8", "wrong");
        var right = await TokenAsync(proxy, "203.0.113.8", LabServer.Password);
        output.WriteLine($"X-Forwarded-For 203.0.113.7, six wrong passwords: {string.Join(' ', statuses)}; 203.0.113.8 then: {(int)otherClient.StatusCode}, right password {(int)right.StatusCode}");
        Assert.Equal([401, 401, 401, 401, 401, 429], statuses);
        Assert.Equal(HttpStatusCode.Unauthorized, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    private static async Task<HttpResponseMessage> TokenAsync(HttpClient proxy, string client, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { email = LabServer.AdminEmail, password }) };
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return await proxy.SendAsync(request);
    }

    /// <summary>Posts the sign-in form of <paramref name="form"/> through the proxy with the cookies it set.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient proxy, HttpResponseMessage form)
    {
        string html = await form.Content.ReadAsStringAsync();
        var fields = Hidden().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = LabServer.AdminEmail;
        fields["Input.Password"] = LabServer.Password;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Cookie", string.Join("; ", SetCookies(form).Select(c => c[..c.IndexOf(';', StringComparison.Ordinal)])));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "lab.example.org");
        request.Headers.Add("X-Forwarded-For", "203.0.113.20");
        return await proxy.SendAsync(request);
    }

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex Hidden();
}
