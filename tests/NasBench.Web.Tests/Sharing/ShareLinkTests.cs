using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Sharing;

/// <summary>Share links over HTTP: a 128-bit token that opens the page and files without a session, refuses every
/// non-GET, sets no sign-in cookie, reaches nothing else, and answers 404 once revoked.</summary>
[Collection(LabCollection.Name)]
public sealed class ShareLinkTests(LabServer lab)
{
    [Fact]
    public async Task ShareLink_OpensPageAndFiles_RefusesWrites_404AfterRevoke()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken);
        string url = await LabExperiments.ShareAsync(lab, lab.MemberToken, id);
        Assert.Matches("^/share/[A-Za-z0-9_-]{22}$", url);

        using var anonymous = lab.Anonymous();
        var page = await anonymous.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Search curves", html);
        Assert.DoesNotContain("href=\"/experiments", html);
        Assert.DoesNotContain("/account/signout", html);
        Assert.False(page.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.Contains("Identity", StringComparison.Ordinal)));
        var file = await anonymous.GetAsync(new Uri($"{url}/files/trajectories.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using var member = lab.With(lab.MemberToken);
        Assert.Equal(await member.GetByteArrayAsync(new Uri($"/api/experiments/{id}/files/trajectories.csv", UriKind.Relative)), await file.Content.ReadAsByteArrayAsync());

        foreach (string method in new[] { "POST", "PUT", "DELETE", "PATCH" })
        {
            var write = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}") });
            Assert.Equal(HttpStatusCode.MethodNotAllowed, write.StatusCode);
            var writeFile = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{url}/files/trajectories.csv"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, writeFile.StatusCode);
        }

        // The token is no credential anywhere else.
        string token = url["/share/".Length..];
        Assert.Equal(HttpStatusCode.Unauthorized, (await lab.With(token).GetAsync(new Uri($"/api/experiments/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"{url}/files/..%2Flab.db", UriKind.Relative))).StatusCode);

        // Viewer and another member may not revoke; the owner may.
        using var viewer = lab.With(lab.ViewerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(new Uri($"/api/experiments/{id}/share", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await member.DeleteAsync(new Uri($"/api/experiments/{id}/share", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"{url}/files/trajectories.csv", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task UnknownToken_Is404_AndShareOfUnknownExperiment_Is404()
    {
        using var anonymous = lab.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri("/share/AAAAAAAAAAAAAAAAAAAAAA", UriKind.Relative))).StatusCode);
        using var admin = lab.With(lab.AdminToken);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri("/api/experiments/987654/share", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task Admin_MayShareAnyExperiment()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken, queries: 50, runs: 1);
        string url = await LabExperiments.ShareAsync(lab, lab.AdminToken, id);
        using var anonymous = lab.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
    }
}
