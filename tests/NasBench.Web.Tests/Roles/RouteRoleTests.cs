using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Roles;

/// <summary>
/// Every route of LAB.md and every page × (anonymous, viewer, member, admin, share link) → the status expected, each cell
/// sent. Signed-in roles send their Bearer token (pages honour it like the cookie); "share" is a client holding only a
/// share link: it sends the link's token as its Bearer, which must open nothing but /share. {E}: a finished search owned
/// by the member, shared as {S}; {F}: another one of the member's (its links are revoked); {R}: a revoked link.
/// Pages refuse a Bearer client with 401/403, which the pages' status-code re-execution (ProblemExtensions) turns into the
/// not-found page's 404; a browser (cookie) is redirected instead: to /account/signin (anonymous) or /account/denied.
/// </summary>
[Collection(LabCollection.Name)]
public class RouteRoleTests(LabServer lab)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    // Per server: the class also runs on PostgreSQL (Postgres/OnPostgresTests.cs), against another server.
    private static readonly Dictionary<LabServer, (long E, long F, string S, string R, string Export)> Setups = [];

    [Theory]
    //          method    route                                         anon viewer member admin share
    [InlineData("GET",    "/healthz",                                    200, 200, 200, 200, 200)]
    [InlineData("POST",   "/api/tokens",                                 200, 200, 200, 200, 200)]
    [InlineData("GET",    "/api/benchmark",                              401, 200, 200, 200, 401)]
    [InlineData("POST",   "/api/experiments",                            401, 403, 202, 202, 401)]
    [InlineData("GET",    "/api/experiments",                            401, 200, 200, 200, 401)]
    [InlineData("GET",    "/api/experiments/{E}",                        401, 200, 200, 200, 401)]
    [InlineData("POST",   "/api/experiments/{E}/cancel",                 401, 403, 409, 409, 401)]
    [InlineData("GET",    "/api/experiments/{E}/files",                  401, 200, 200, 200, 401)]
    [InlineData("GET",    "/api/experiments/{E}/files/trajectories.csv", 401, 200, 200, 200, 401)]
    [InlineData("POST",   "/api/experiments/{E}/share",                  401, 403, 200, 200, 401)]
    [InlineData("DELETE", "/api/experiments/{F}/share",                  401, 403, 204, 204, 401)]
    [InlineData("POST",   "/api/experiments/{E}/publish",                401, 403, 200, 200, 401)]
    [InlineData("DELETE", "/api/experiments/{E}/publish",                401, 403, 403, 204, 401)]
    [InlineData("GET",    "/api/results",                                401, 200, 200, 200, 401)]
    [InlineData("GET",    "/api/experiments/{E}/export",                 401, 200, 200, 200, 401)]
    [InlineData("POST",   "/api/experiments/import",                     401, 403, 200, 200, 401)]
    [InlineData("POST",   "/api/users",                                  401, 403, 403, 201, 401)]
    [InlineData("GET",    "/api/users",                                  401, 403, 403, 200, 401)]
    [InlineData("GET",    "/api/audit",                                  401, 403, 403, 200, 401)]
    [InlineData("GET",    "/api/correlation/{E}",                        401, 404, 404, 404, 401)]
    [InlineData("GET",    "/api/correlation",                            401, 403, 400, 400, 401)]
    [InlineData("GET",    "/hangfire",                                   401, 403, 403, 200, 401)]
    [InlineData("GET",    "/account/signin",                             200, 200, 200, 200, 200)]
    [InlineData("GET",    "/",                                           302, 200, 200, 200, 404)]
    [InlineData("GET",    "/experiments",                                302, 200, 200, 200, 404)]
    [InlineData("GET",    "/experiments/new",                            302, 404, 200, 200, 404)]
    [InlineData("GET",    "/experiments/{E}",                            302, 200, 200, 200, 404)]
    [InlineData("GET",    "/results",                                    302, 200, 200, 200, 404)]
    [InlineData("GET",    "/compare?ids={E},{F}",                        302, 200, 200, 200, 404)]
    [InlineData("GET",    "/cells",                                      302, 200, 200, 200, 404)]
    [InlineData("GET",    "/correlation",                                302, 200, 200, 200, 404)]
    [InlineData("GET",    "/correlation?experiment={E}",                 302, 200, 200, 200, 404)]
    [InlineData("GET",    "/admin/users",                                302, 404, 404, 200, 404)]
    [InlineData("GET",    "/admin/audit",                                302, 404, 404, 200, 404)]
    [InlineData("GET",    "/share/{S}",                                  200, 200, 200, 200, 200)]
    [InlineData("GET",    "/share/{S}/files/trajectories.csv",           200, 200, 200, 200, 200)]
    [InlineData("POST",   "/share/{S}",                                  405, 405, 405, 405, 405)]
    [InlineData("PUT",    "/share/{S}/files/trajectories.csv",           405, 405, 405, 405, 405)]
    [InlineData("DELETE", "/share/{S}",                                  405, 405, 405, 405, 405)]
    [InlineData("GET",    "/share/{R}",                                  404, 404, 404, 404, 404)]
    [InlineData("GET",    "/share/{S}/files/missing.csv",                404, 404, 404, 404, 404)]
    public async Task Route_AnswersEachRole(string method, string route, int anonymous, int viewer, int member, int admin, int share)
    {
        var s = await SetupAsync();
        var expected = new (string Role, string? Token, int Status)[]
        {
            ("anonymous", null, anonymous), ("viewer", lab.ViewerToken, viewer), ("member", lab.MemberToken, member), ("admin", lab.AdminToken, admin),
            ("share", s.S["/share/".Length..], share),
        };
        var failures = new List<string>();
        foreach (var (role, token, status) in expected)
        {
            if (method == "DELETE" && route.EndsWith("/publish", StringComparison.Ordinal))
            {
                using var owner = lab.With(lab.MemberToken);
                (await owner.PostAsync(new Uri($"/api/experiments/{s.E}/publish", UriKind.Relative), LabApi.Json("""{"title":"route table"}"""))).EnsureSuccessStatusCode();
            }

            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = lab.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            if (token is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            string path = route.Replace("{E}", s.E.ToString(), StringComparison.Ordinal).Replace("{F}", s.F.ToString(), StringComparison.Ordinal)
                .Replace("{S}", s.S["/share/".Length..], StringComparison.Ordinal).Replace("{R}", s.R["/share/".Length..], StringComparison.Ordinal);
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent(Body(route, s.Export), Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request);
            if ((int)response.StatusCode != status)
            {
                failures.Add($"{role}: expected {status}, got {(int)response.StatusCode}");
            }
            else if (status == 302 && response.Headers.Location?.AbsolutePath != "/account/signin")
            {
                failures.Add($"{role}: redirected to {response.Headers.Location}, not to the sign-in page");
            }
        }

        Assert.True(failures.Count == 0, $"{method} {route}: {string.Join("; ", failures)}");
    }

    private static string Body(string route, string export) => route switch
    {
        "/api/tokens" => JsonSerializer.Serialize(new { email = LabServer.MemberEmail, password = LabServer.Password }),
        "/api/experiments" => JsonSerializer.Serialize(new { kind = "search", queries = 10, runs = 1, records = LabServer.RecordsCsv }),
        "/api/experiments/import" => export,
        "/api/users" => JsonSerializer.Serialize(new { email = $"r{Guid.NewGuid():N}"[..12] + "@lab.test", password = LabServer.Password, role = "viewer" }),
        _ when route.EndsWith("/publish", StringComparison.Ordinal) => """{"title":"route table","tags":["roles"]}""",
        _ => "{}",
    };

    private async Task<(long E, long F, string S, string R, string Export)> SetupAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!Setups.TryGetValue(lab, out var setup))
            {
                long e = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 2, queries: 60);
                long f = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 2, queries: 60, seed: 7);
                string s = await LabExperiments.ShareAsync(lab, lab.MemberToken, e);
                string r = await LabExperiments.ShareAsync(lab, lab.MemberToken, f);
                using var member = lab.With(lab.MemberToken);
                (await member.DeleteAsync(new Uri($"/api/experiments/{f}/share", UriKind.Relative))).EnsureSuccessStatusCode();
                string export = await member.GetStringAsync(new Uri($"/api/experiments/{e}/export", UriKind.Relative));
                Setups[lab] = setup = (e, f, s, r, export);
            }

            return setup;
        }
        finally
        {
            Gate.Release();
        }
    }
}
