using System.Net;
using System.Text;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Security;

/// <summary>Security headers on every answer, no Server header, JSON-only API bodies, sign-out only with the form's token.</summary>
[Collection(LabCollection.Name)]
public class HeadersTests(LabServer lab)
{
    [Theory]
    [InlineData("/account/signin")]
    [InlineData("/api/experiments")]
    [InlineData("/healthz")]
    [InlineData("/no/such/page")]
    public async Task EveryAnswer_HasTheSecurityHeaders_AndNoServerHeader(string path)
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(",", response.Headers.TryGetValues("Server", out var s) ? s : [])}");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        string csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task ApiBodies_ThatAreNotJson_Are415_EvenWithAToken(string? type)
    {
        using var client = lab.With(lab.MemberToken);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"kind":"search","queries":10,"runs":1,"synthetic":true}"""));
        if (type is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        }

        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync());
        var json = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json("""{"kind":"search","queries":10,"runs":1,"synthetic":true}"""));
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsToken_Is400_AndTheCookieStillWorks()
    {
        using var cookie = await CookieClient.SignInAsync(lab, LabServer.ViewerEmail);
        var forged = await cookie.PostAsync(new Uri("/account/signout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
        string token = await CookieClient.AntiforgeryAsync(cookie);
        var real = await cookie.PostAsync(new Uri("/account/signout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
    }
}
