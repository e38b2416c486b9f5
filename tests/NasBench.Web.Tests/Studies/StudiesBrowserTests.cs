using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasBench.Web.Data;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Studies;

/// <summary>
/// Issue 21's pages in Chromium: a proxies run's rank-correlation table and chart, and the cell advisor's page, opened
/// while the run is queued and updated live until its recommendation shows; its "train these" button launches one
/// training per recommended cell on the gpu queue through the lab's launch path. Real runs: the seed paper's cells,
/// FashionMNIST (Debian's), a tiny network. Screenshots go to screenshots/.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class StudiesBrowserTests(LabServer lab, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private static readonly string SeedPaper = Path.Combine(Path.GetDirectoryName(LabServer.RecordsCsv)!, "seed_paper_accuracies.csv");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        _browser = await Pages.DebianChromium.LaunchAsync(_playwright);
    }

    [Fact]
    public async Task ProxiesPage_ShowsEachProxysRhoAndTauWithCIs_AndTheChart()
    {
        long id = await LaunchAsync(new()
        {
            ["kind"] = "proxies", ["cells"] = SeedPaper, ["againstColumn"] = "mnist_test_acc", ["limit"] = 12, ["proxies"] = "synflow,params,flops", ["bootstrap"] = 100,
            ["device"] = "cpu", ["threads"] = 1, ["stemChannels"] = 4, ["cellsPerStack"] = 1, ["seed"] = 1,
        });
        var page = await SignedInAsync();
        await page.GotoAsync($"{lab.BaseAddress}experiments/{id}");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var rows = page.Locator("#proxies-correlations tr[data-proxy]");
        await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#proxies-count")).ToContainTextAsync("12 of 12 cells scored", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#proxies-correlations tr[data-proxy=params] td").Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^-?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]$"));
        await Assertions.Expect(page.Locator($"#proxies-{id} .bars .point")).ToHaveCountAsync(6, new() { Timeout = 30_000 }); // ρ and τ for 3 proxies
        // The finished run's table is its correlations.csv (the request's 100 resamples), not the page's live estimate.
        using var client = lab.With(lab.MemberToken);
        string csv = await client.GetStringAsync(new Uri($"/api/experiments/{id}/files/correlations.csv", UriKind.Relative));
        var flops = csv.Split('\n').Single(l => l.StartsWith("flops,", StringComparison.Ordinal)).Split(',');
        string expected = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{double.Parse(flops[3], System.Globalization.CultureInfo.InvariantCulture):0.000} [{double.Parse(flops[4], System.Globalization.CultureInfo.InvariantCulture):0.000}, {double.Parse(flops[5], System.Globalization.CultureInfo.InvariantCulture):0.000}]");
        await Assertions.Expect(page.Locator("#proxies-correlations tr[data-proxy=flops] td").Nth(2)).ToHaveTextAsync(expected);
        await ShotAsync(page, "proxies-page");
    }

    [Fact]
    public async Task AdvisePage_UpdatesLiveToTheRecommendation_AndTrainTheseLaunchesGpuTrainings()
    {
        long id = await LaunchAsync(new()
        {
            ["kind"] = "advise", ["cells"] = SeedPaper, ["referenceColumn"] = "cifar_acc_108", ["top"] = 3, ["uniform"] = 4, ["trainings"] = 3, ["recommend"] = 2,
            ["proxies"] = "synflow,naswot,params", ["proxyBatch"] = 8, ["bootstrap"] = 100, ["dataDir"] = "/usr/share/datasets/fashion-mnist", ["epochs"] = 1, ["lr"] = 0.05,
            ["device"] = "cpu", ["threads"] = 1, ["stemChannels"] = 4, ["cellsPerStack"] = 1, ["trainImages"] = 256, ["testImages"] = 128, ["seed"] = 2,
        });
        var page = await SignedInAsync();
        await page.GotoAsync($"{lab.BaseAddress}experiments/{id}");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("#advise-stage")).ToBeVisibleAsync();
        var recommended = page.Locator("#advise-recommendation tr:has(td)");
        await Assertions.Expect(recommended).ToHaveCountAsync(2, new() { Timeout = 240_000 }); // no reload: the page follows the run
        await Assertions.Expect(page.Locator("#advise-stage")).ToContainTextAsync("7 of 7 pool cells scored · 3 of 3 short trainings");
        await Assertions.Expect(page.Locator("#advise-evidence tr[data-predictor]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#advise-evidence tr[data-predictor=cifar10] td").Nth(1)).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator($"#advise-{id} .bars .point")).ToHaveCountAsync(8, new() { Timeout = 30_000 });
        await ShotAsync(page, "advise-page");

        await page.ClickAsync("#train-these");
        var launched = page.Locator("#launched a");
        await Assertions.Expect(launched).ToHaveCountAsync(2);
        var ids = (await launched.AllInnerTextsAsync()).Select(t => long.Parse(t.TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await using (var db = await lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync())
        {
            var trainings = await db.Experiments.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync();
            Assert.Equal(2, trainings.Count);
            Assert.All(trainings, t => Assert.Equal(("training", "gpu", LabServer.MemberEmail), (t.Kind, t.Queue, t.Owner)));
            Assert.All(trainings, t => Assert.Contains("--data-dir /usr/share/datasets/fashion-mnist", t.CommandLine, StringComparison.Ordinal));
        }

        await ShotAsync(page, "advise-page-launched");
        using var client = lab.With(lab.MemberToken);
        foreach (long training in ids)
        {
            Assert.True((await client.PostAsync(new Uri($"/api/experiments/{training}/cancel", UriKind.Relative), null)).IsSuccessStatusCode);
        }
    }

    private async Task<long> LaunchAsync(Dictionary<string, object> request)
    {
        using var client = lab.With(lab.MemberToken);
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), Apis.ExperimentsApiTests.Json(JsonSerializer.Serialize(request)));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task<IPage> SignedInAsync()
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await Pages.SignInForm.SignInAsync(page, lab.BaseAddress, LabServer.MemberEmail, lab.RecentProblems);
        return page;
    }

    private async Task ShotAsync(IPage page, string name)
    {
        string path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
