using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using NasBench.Web.Account;
using NasBench.Web.Tests.Pages;
using NasBench.Web.Tests.Results;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Security;

/// <summary>
/// What only a real browser shows: every page works under the CSP without 'unsafe-inline' scripts (no violation, charts
/// drawn), an open page of a user disabled since it was opened cannot act, and the correlation page's uploads count
/// towards the user's quota.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SecurityBrowserTests(LabServer lab, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        _browser = await DebianChromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task EveryPage_WorksUnderTheCsp_WithoutInlineScripts()
    {
        using var client = lab.With(lab.AdminToken);
        string csp = string.Join(";", (await client.GetAsync(new Uri("/", UriKind.Relative))).Headers.GetValues("Content-Security-Policy"));
        string scripts = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.Equal("script-src 'self'", scripts);

        long search = await LabExperiments.SearchAsync(lab, lab.AdminToken, runs: 2, queries: 50);
        string share = await LabExperiments.ShareAsync(lab, lab.AdminToken, search);
        var context = await _browser!.NewContextAsync();
        await context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));");
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                console.Add($"{page.Url}: {m.Text}");
            }
        };
        page.PageError += (_, e) => console.Add($"{page.Url}: page error {e}");

        await page.GotoAsync($"{lab.BaseAddress}account/signin");
        await AssertCleanAsync(page, console, "/account/signin");
        await SignInForm.SignInAsync(page, lab.BaseAddress, LabServer.AdminEmail, lab.RecentProblems);
        string[] pages = ["/", "/experiments", "/experiments/new", $"/experiments/{search}", "/results", "/compare", "/cells", "/correlation", "/admin/users", "/admin/audit", "/account", share];
        foreach (string path in pages)
        {
            await page.GotoAsync($"{lab.BaseAddress}{path.TrimStart('/')}");
            if (await page.Locator("[data-circuit-ready]").CountAsync() > 0)
            {
                // An interactive page: its circuit (blazor.web.js, a WebSocket) runs.
                await page.Locator("[data-circuit-ready=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
            }

            if (path == $"/experiments/{search}")
            {
                // The search chart is a module script (search-chart.js, imported without an import map) drawing with Plotly.
                await Assertions.Expect(page.Locator(".js-plotly-plot").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
                await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "csp-experiment.png"), FullPage = true });
            }

            await AssertCleanAsync(page, console, path);
        }

        output.WriteLine($"{pages.Length + 1} pages under \"{csp}\": no CSP violation, no console error");
    }

    [Fact]
    public async Task AnOpenPage_OfAUserDisabledSinceItOpened_CannotCancelOrShare()
    {
        var (email, id) = await SecurityUsers.CreateAsync(lab, "member", "open");
        using var member = lab.With(await SecurityUsers.TokenAsync(lab, email));
        var body = Jobs.TrainingJobTests.Tiny(1);
        body["queue"] = "gpu-nowhere-0";
        var launched = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json(JsonSerializer.Serialize(body)));
        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
        long experiment = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var admin = lab.With(lab.AdminToken);
        try
        {
            var page = await _browser!.NewPageAsync();
            await SignInForm.SignInAsync(page, lab.BaseAddress, email, lab.RecentProblems);
            await page.GotoAsync($"{lab.BaseAddress}experiments/{experiment}");
            await page.Locator("[data-circuit-ready=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Assertions.Expect(page.Locator("#cancel")).ToBeVisibleAsync();

            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync(new Uri($"/api/users/{id}/disable", UriKind.Relative), null)).StatusCode);
            await page.ClickAsync("#cancel");
            await Assertions.Expect(page.Locator("#action-error")).ToContainTextAsync("disabled or changed");
            await page.ClickAsync("#share");
            await Assertions.Expect(page.Locator("#results-message")).ToContainTextAsync("disabled or changed");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "disabled-open-page.png"), FullPage = true });
            await Assertions.Expect(page.Locator("#share-url")).ToHaveCountAsync(0);

            var e = await admin.GetFromJsonAsync<JsonElement>($"/api/experiments/{experiment}");
            Assert.Equal("queued", e.GetProperty("status").GetString());
            using var scope = lab.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<NasBench.Web.Data.LabDbContext>();
            Assert.Equal(0, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(NasBench.Web.Data.ResultsSets.ShareLinks(db), s => s.ExperimentId == experiment));
        }
        finally
        {
            await admin.PostAsync(new Uri($"/api/experiments/{experiment}/cancel", UriKind.Relative), null);
        }
    }

    [Fact]
    public async Task CorrelationPageUploads_CountTowardsTheUploadQuota()
    {
        var (email, id) = await SecurityUsers.CreateAsync(lab, "member", "corr");
        string csv = LabServer.FindUp(Path.Combine("shared", "data", "nb101-real", "seed_paper_accuracies.csv"));
        long size = new FileInfo(csv).Length;
        var limits = lab.Services.GetRequiredService<IOptions<LabLimitsOptions>>().Value;
        long quota = limits.UploadQuotaBytes;
        limits.UploadQuotaBytes = size + (size / 2);
        try
        {
            var page = await _browser!.NewPageAsync();
            await SignInForm.SignInAsync(page, lab.BaseAddress, email, lab.RecentProblems);
            await page.GotoAsync($"{lab.BaseAddress}correlation");
            await page.Locator("[data-circuit-ready=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.Locator("#correlation-csv summary").ClickAsync();
            await page.Locator("#correlation-upload").SetInputFilesAsync(csv);
            await page.Locator("#correlation-compute").WaitForAsync();
            Assert.Equal(size, NasBench.Web.Services.Uploads.UsedBytes(id));

            // Another file of the same size (a new file name, so the input's change event fires).
            string again = Path.Combine(Path.GetTempPath(), $"again-{Guid.NewGuid():N}.csv");
            File.Copy(csv, again);
            try
            {
                await page.Locator("#correlation-upload").SetInputFilesAsync(again);
            }
            finally
            {
                File.Delete(again);
            }

            await Assertions.Expect(page.Locator("#correlation-error")).ToContainTextAsync("NasBench:Limits:UploadQuotaBytes");
            output.WriteLine($"second upload of {size:N0} bytes with a quota of {limits.UploadQuotaBytes:N0}: {await page.Locator("#correlation-error").InnerTextAsync()}");
            Assert.Equal(size, NasBench.Web.Services.Uploads.UsedBytes(id));
            // The API sees the page's upload too.
            using var member = lab.With(await SecurityUsers.TokenAsync(lab, email));
            var api = await member.PostAsync(new Uri("/api/uploads", UriKind.Relative),
                new MultipartFormDataContent { { new ByteArrayContent(new byte[size / 2 + 1]), "file", "more.csv" } });
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, api.StatusCode);
        }
        finally
        {
            limits.UploadQuotaBytes = quota;
        }
    }

    private static async Task AssertCleanAsync(IPage page, List<string> console, string path)
    {
        var violations = await page.EvaluateAsync<string[]>("() => window.__csp || []");
        Assert.True(violations.Length == 0, $"{path}: CSP violations: {string.Join("; ", violations)}");
        Assert.True(console.Count == 0, $"{path}: console errors: {string.Join("\n", console)}");
    }
}
