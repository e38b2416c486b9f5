using System.Net;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Security;

/// <summary>Disabling or demoting a real user ends their cookies and tokens on the very next request (issue 17: the stamp was
/// checked every 30 minutes, and the token handler never looked at the user).</summary>
[Collection(LabCollection.Name)]
public class RevocationTests(LabServer lab)
{
    private const string Search = """{"kind":"search","queries":10,"runs":1,"synthetic":true}""";

    [Fact]
    public async Task Disable_EndsTheCookieAndEveryToken_OnTheNextRequest()
    {
        var (email, id) = await SecurityUsers.CreateAsync(lab, "member");
        using var cookie = await CookieClient.SignInAsync(lab, email);
        using var token = lab.With(await SecurityUsers.TokenAsync(lab, email));
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);

        using var admin = lab.With(lab.AdminToken);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync(new Uri($"/api/users/{id}/disable", UriKind.Relative), null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
        var account = await cookie.GetAsync(new Uri("/account", UriKind.Relative)); // where a new token would be minted
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("/account/signin", account.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json(Search))).StatusCode);
    }

    [Fact]
    public async Task ATokenMintedBeforeTheUserIsDisabled_ButNotRevoked_IsStillRefused()
    {
        var (email, id) = await SecurityUsers.CreateAsync(lab, "member");
        string minted = await SecurityUsers.TokenAsync(lab, email);
        using var admin = lab.With(lab.AdminToken);
        (await admin.PostAsync(new Uri($"/api/users/{id}/disable", UriKind.Relative), null)).EnsureSuccessStatusCode();
        // Disabling revokes the user's tokens; one that escaped it (restored from a backup, minted by a page open at the
        // time) still meets the handler's own check of the user.
        using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(lab.Services))
        {
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<NasBench.Web.Data.LabDbContext>(scope.ServiceProvider);
            string hash = NasBench.Web.Account.SecretTokens.HashOf(minted);
            var row = System.Linq.Queryable.Single(db.ApiTokens, t => t.Hash == hash);
            row.RevokedAt = null;
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await lab.With(minted).GetAsync(new Uri("/api/experiments", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Demote_EndsLaunching_ForTheCookieAndTheToken()
    {
        var (email, id) = await SecurityUsers.CreateAsync(lab, "member");
        using var cookie = await CookieClient.SignInAsync(lab, email);
        using var token = lab.With(await SecurityUsers.TokenAsync(lab, email));
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync(new Uri("/experiments/new", UriKind.Relative))).StatusCode);

        using var admin = lab.With(lab.AdminToken);
        var demote = await admin.PutAsync(new Uri($"/api/users/{id}/role", UriKind.Relative), LabExperiments.Json("""{"role":"viewer"}"""));
        Assert.Equal(HttpStatusCode.NoContent, demote.StatusCode);

        var launchPage = await cookie.GetAsync(new Uri("/experiments/new", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, launchPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await token.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json(Search))).StatusCode);
    }
}
