using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Security;

/// <summary>
/// The route × role table's "cross-site page" column: what a page on another site can make a signed-in admin's browser
/// send (the sign-in cookie, an Origin of its own, a text/plain, form or multipart body; no custom header, no token) to
/// every state-changing route. Each is refused; the cookie still reads (GET) for the pages' links and images.
/// </summary>
[Collection(LabCollection.Name)]
public class CrossSiteRouteTests(LabServer lab)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<LabServer, (HttpClient Cookie, long E)> Setups = [];

    [Theory]
    //          method    route                                    cross-site page
    [InlineData("POST",   "/api/tokens",                           415)]
    [InlineData("POST",   "/api/experiments",                      401)]
    [InlineData("POST",   "/api/experiments/{E}/cancel",           401)]
    [InlineData("POST",   "/api/experiments/{E}/share",            401)]
    [InlineData("DELETE", "/api/experiments/{E}/share",            401)]
    [InlineData("POST",   "/api/experiments/{E}/publish",          401)]
    [InlineData("DELETE", "/api/experiments/{E}/publish",          401)]
    [InlineData("POST",   "/api/experiments/import",               401)]
    [InlineData("POST",   "/api/uploads",                          401)]
    [InlineData("POST",   "/api/users",                            401)]
    [InlineData("PUT",    "/api/users/{M}/role",                   401)]
    [InlineData("POST",   "/api/users/{M}/disable",                401)]
    [InlineData("POST",   "/api/users/{M}/enable",                 401)]
    [InlineData("DELETE", "/api/tokens/1",                         401)]
    [InlineData("POST",   "/account/signout",                      400)]
    [InlineData("POST",   "/account/signin",                       400)]
    [InlineData("POST",   "/hangfire/jobs/enqueued/delete",        403)]
    [InlineData("POST",   "/share/{S}",                            405)]
    public async Task StateChangingRoute_FromACrossSitePage_IsRefused(string method, string route, int expected)
    {
        var (_, e) = await SetupAsync();
        // A browser of its own for each route: a refused request must leave the admin signed in (a forged sign-out would not).
        using var cookie = await CookieClient.SignInAsync(lab, LabServer.AdminEmail);
        string memberId = await UserIdAsync(LabServer.MemberEmail);
        string path = route.Replace("{E}", e.ToString(), StringComparison.Ordinal).Replace("{M}", memberId, StringComparison.Ordinal).Replace("{S}", "x", StringComparison.Ordinal);
        foreach (var body in Bodies())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
            request.Headers.Add("Origin", "http://127.0.0.1:1");
            request.Headers.Referrer = new Uri("http://127.0.0.1:1/evil.html");
            var response = await cookie.SendAsync(request);
            Assert.True((int)response.StatusCode == expected, $"{method} {route} with a {body.Headers.ContentType?.MediaType} body: expected {expected}, got {(int)response.StatusCode}");
            Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
        }
    }

    [Theory]
    [InlineData("/api/experiments")]
    [InlineData("/api/experiments/{E}/files/trajectories.csv")]
    [InlineData("/api/benchmark")]
    public async Task Reads_StillAcceptTheCookie(string route)
    {
        var (cookie, e) = await SetupAsync();
        var response = await cookie.GetAsync(new Uri(route.Replace("{E}", e.ToString(), StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The three bodies a page can send without a CORS preflight.</summary>
    private static IEnumerable<HttpContent> Bodies()
    {
        yield return new StringContent("""{"email":"x@lab.test","password":"Password123","role":"admin","kind":"search","queries":10,"runs":1,"synthetic":true}""", Encoding.UTF8, "text/plain");
        yield return new FormUrlEncodedContent(new Dictionary<string, string> { ["role"] = "admin" });
        var multipart = new MultipartFormDataContent { { new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"), "file", "x.csv" } };
        yield return multipart;
    }

    private async Task<string> UserIdAsync(string email)
    {
        using var admin = lab.With(lab.AdminToken);
        var users = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(admin, "/api/users");
        return users.EnumerateArray().First(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;
    }

    private async Task<(HttpClient Cookie, long E)> SetupAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!Setups.TryGetValue(lab, out var setup))
            {
                long e = await LabExperiments.SearchAsync(lab, lab.AdminToken, runs: 1, queries: 30);
                Setups[lab] = setup = (await CookieClient.SignInAsync(lab, LabServer.AdminEmail), e);
            }

            return setup;
        }
        finally
        {
            Gate.Release();
        }
    }
}
