using System.Net;
using NasBench.Web.Tests.Security;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>
/// The http → https redirect behind a TLS proxy (docs/SECURITY.md, "Headers, TLS proxy"): a real server process with
/// NasBench__Security__ForwardedHeaders=true, NasBench__Security__Hsts=true and the public https port known
/// (ASPNETCORE_HTTPS_PORT=443). A request the proxy marks http is redirected to the same URL on https at the public host;
/// one it marks https is served (with HSTS); the same header from an address that is not a known proxy is not trusted
/// (redirected); the local health probe (<c>GET /healthz</c> over plain http, the container's HEALTHCHECK) is answered, not
/// redirected — a redirect would make <c>curl -f</c> report healthy without checking anything.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class HttpsRedirectTests(ITestOutputHelper output) : BehindAProxy("https", new Dictionary<string, string> { ["ASPNETCORE_HTTPS_PORT"] = "443" })
{
    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps_AtThePublicHost_TheHealthProbeIsNot()
    {
        using var proxy = LoopbackClient.From(Server.BaseAddress, "127.0.0.1");
        var viaHttp = await GetAsync(proxy, "/account/signin?returnUrl=%2Fexperiments", "http");
        output.WriteLine($"via the proxy, X-Forwarded-Proto http: {(int)viaHttp.StatusCode} Location {viaHttp.Headers.Location}");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, viaHttp.StatusCode);
        Assert.Equal(new Uri("https://lab.example.org/account/signin?returnUrl=%2Fexperiments"), viaHttp.Headers.Location);
        Assert.False(viaHttp.Headers.Contains("Strict-Transport-Security")); // HSTS is only sent over https

        var viaHttps = await GetAsync(proxy, "/account/signin", "https");
        Assert.Equal(HttpStatusCode.OK, viaHttps.StatusCode);
        Assert.Contains("max-age=15552000", Assert.Single(viaHttps.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);

        // A state-changing request over http is redirected too (307 keeps the method), never served.
        using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/experiments") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") })
        {
            post.Headers.Add("X-Forwarded-Proto", "http");
            post.Headers.Add("X-Forwarded-Host", "lab.example.org");
            var posted = await proxy.SendAsync(post);
            Assert.Equal(HttpStatusCode.TemporaryRedirect, posted.StatusCode);
            Assert.Equal(new Uri("https://lab.example.org/api/experiments"), posted.Headers.Location);
        }

        // Not a known proxy: its X-Forwarded-Proto https is not believed; the request is plain http and redirected.
        using var stranger = LoopbackClient.From(Server.BaseAddress, "127.0.0.2");
        var forged = await GetAsync(stranger, "/account/signin", "https");
        output.WriteLine($"from 127.0.0.2, X-Forwarded-Proto https: {(int)forged.StatusCode} Location {forged.Headers.Location}");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, forged.StatusCode);
        Assert.Equal("https", forged.Headers.Location!.Scheme);
        Assert.NotEqual("lab.example.org", forged.Headers.Location.Host);

        // The local health probe over plain http is answered.
        using var local = Server.Anonymous();
        var health = await local.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
