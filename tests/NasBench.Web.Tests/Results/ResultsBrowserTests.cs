using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NasBench.Core.Presentation;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Results;

/// <summary>
/// The results feature in Debian's chromium: publish from the experiment page and see the card on /results as another
/// user; a share link in a fresh context with no session shows the chart, refuses a POST and is 404 once revoked;
/// two searches compared on one chart; the cell explorer's neighbours. Screenshots go to screenshots/.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ResultsBrowserTests(LabServer lab, Pages.BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Publish_OnTheExperimentPage_ThenSeeItOnResults_AsAnotherUser()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken, algorithm: "evolution", runs: 3, queries: 150);
        var member = await SignedInAsync(LabServer.MemberEmail);
        await member.GotoAsync($"{lab.BaseAddress}experiments/{id}");
        await member.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        string title = "Browser-published " + Guid.NewGuid().ToString("N")[..6];
        await member.FillAsync("#publish-title", title);
        await member.FillAsync("#publish-note", "seen by the viewer");
        await member.Locator("#publish-note").BlurAsync();
        await member.ClickAsync("#publish");
        await Assertions.Expect(member.Locator("#results-message")).ToContainTextAsync("Published");

        var viewer = await SignedInAsync(LabServer.ViewerEmail);
        await viewer.GotoAsync($"{lab.BaseAddress}results?q={Uri.EscapeDataString(title)}");
        var card = viewer.Locator($".result-card[data-experiment='{id}']");
        await Assertions.Expect(card.Locator("h2")).ToHaveTextAsync(title);
        await Assertions.Expect(card).ToContainTextAsync("best mean test acc.");
        await Assertions.Expect(card).ToContainTextAsync("official");
        await card.Locator(".js-plotly-plot").WaitForAsync();
        // The thumbnail names its line (issue 18: every thumbnail has a legend).
        await Assertions.Expect(card.Locator(".js-plotly-plot .legend .traces")).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator(".js-plotly-plot .legend .legendtext")).ToHaveTextAsync("evolution");
        await ShotAsync(viewer, "results");
    }

    [Fact]
    public async Task ShareLink_NoSession_SeesTheChart_PostRefused_404AfterRevoke()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 3, queries: 200);
        string url = await LabExperiments.ShareAsync(lab, lab.MemberToken, id);
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(lab.BaseAddress + url.TrimStart('/'));
        Assert.Equal(200, response!.Status);
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator(".js-plotly-plot").WaitForAsync();
        await Assertions.Expect(page.Locator("#chart-points")).Not.ToHaveAttributeAsync("data-points", "0");
        await Assertions.Expect(page.Locator("#files")).ToContainTextAsync("trajectories.csv");
        Assert.Equal(0, await page.Locator("a[href^='/experiments'], a[href='/'], form").CountAsync());
        Assert.DoesNotContain((await context.CookiesAsync()), c => c.Name.Contains("Identity", StringComparison.Ordinal));
        await ShotAsync(page, "share");

        var post = await page.APIRequest.PostAsync(lab.BaseAddress + url.TrimStart('/'), new() { Data = "{}" });
        Assert.Equal(405, post.Status);
        using (var member = lab.With(lab.MemberToken))
        {
            (await member.DeleteAsync(new Uri($"/api/experiments/{id}/share", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        var gone = await page.GotoAsync(lab.BaseAddress + url.TrimStart('/'));
        Assert.Equal(404, gone!.Status);
    }

    [Fact]
    public async Task ShareLink_ChartGrows_WhileTheSearchRuns()
    {
        using var member = lab.With(lab.MemberToken);
        // A search that writes rows steadily and cannot end while the test looks: a trajectory gets a row only when a run's
        // incumbent changes and at its last step, and on the 30-cell records a random search's incumbent stops changing
        // within a few dozen queries while its 3,000,000 queries (all answered from 30 cached cells) took well under a second
        // a run: the page sometimes opened on a finished search (the cause of a clean-clone failure). Evolution spends all its budget: 1,000 runs (the lab's cap) of 200,000
        // queries end one after another (about 1.6 s each on a quiet core, two at a time), each adding its rows.
        long id = await LabApi.LaunchAsync(member, new { kind = "search", algorithm = "evolution", runs = 1_000, queries = 200_000, records = LabServer.RecordsCsv });
        await lab.WaitForAsync(member, id, TimeSpan.FromSeconds(30), "running");
        string url = await LabExperiments.ShareAsync(lab, lab.MemberToken, id);
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(lab.BaseAddress + url.TrimStart('/'));
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        int first = await PointsAsync(page);
        int later = await Pages.BrowserTests.GrowsAsync(page, member, id, 1_000, first);
        output.WriteLine($"shared chart points while running: {first} → {later}");
        // Stop it (409 when it has just finished by itself); the shared page follows either way.
        var cancel = await member.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
        Assert.True(cancel.StatusCode is System.Net.HttpStatusCode.Accepted or System.Net.HttpStatusCode.Conflict, $"cancel: {cancel.StatusCode}");
        var end = await lab.WaitForAsync(member, id, TimeSpan.FromSeconds(30), "cancelled", "succeeded");
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync(end.GetProperty("status").GetString()!, new() { Timeout = 30_000 });
    }

    private static async Task<int> PointsAsync(IPage page) =>
        int.Parse(await page.Locator("#chart-points").GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Compare_TwoSearches_BothCurvesOnOneChart()
    {
        long a = await LabExperiments.SearchAsync(lab, lab.MemberToken, algorithm: "random", runs: 4, queries: 200);
        long b = await LabExperiments.SearchAsync(lab, lab.MemberToken, algorithm: "evolution", runs: 4, queries: 200);
        var page = await SignedInAsync(LabServer.ViewerEmail);
        await page.GotoAsync($"{lab.BaseAddress}compare?ids={a},{b}&logx=true");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator(".compare-curve")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#compare-legend")).ToContainTextAsync($"#{a} random");
        await Assertions.Expect(page.Locator("#compare-legend")).ToContainTextAsync($"#{b} evolution");
        // Each curve is a band (two traces) and a mean line.
        await Assertions.Expect(page.Locator("#compare-chart .scatterlayer .trace")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator(".compare-pvalues .p-value").First).ToHaveTextAsync(new Regex("^([01]\\.\\d{3}|< 0\\.001)$"));
        // Issue 18: Holm's correction stated, effect sizes, a verdict per pair, the table as LaTeX.
        await Assertions.Expect(page.Locator(".compare-method").First).ToContainTextAsync("Holm");
        await Assertions.Expect(page.Locator(".compare-pvalues .p-holm").First).ToHaveTextAsync(new Regex("^([01]\\.\\d{3}|< 0\\.001)$"));
        await Assertions.Expect(page.Locator(".compare-pvalues .verdict").First).Not.ToBeEmptyAsync();
        Assert.StartsWith("data:application/x-tex", await page.Locator(".compare-latex").First.GetAttributeAsync("href"), StringComparison.Ordinal);
        await ShotAsync(page, "compare");
    }

    [Fact]
    public async Task Compare_ThreeComparisonsOfFourAlgorithms_AllTwelveCurves_TheNinthTakesTheFirstsColourDashed()
    {
        // Every algorithm of every picked experiment is a curve (a 150-query preset has 12): 12 here, more than the 8 colours.
        using var member = lab.With(lab.MemberToken);
        var ids = new List<long>();
        for (int seed = 0; seed < 3; seed++)
        {
            long id = await LabApi.LaunchAsync(member, new { kind = "compare", algorithms = new[] { "random", "evolution", "tree", "local" }, queries = 50, runs = 2, seed, records = LabServer.RecordsCsv });
            await lab.WaitForAsync(member, id, TimeSpan.FromSeconds(60), "succeeded");
            ids.Add(id);
        }

        var page = await SignedInAsync(LabServer.ViewerEmail);
        await page.GotoAsync($"{lab.BaseAddress}compare?ids={string.Join(',', ids)}&logx=true");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator(".compare-curve")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("#compare-chart .scatterlayer .trace")).ToHaveCountAsync(36);
        // The mean lines as Plotly draws them (the traces in the legend): colour and dash, as the files draw them (Palette.LineOf).
        var means = await page.EvaluateAsync<string[][]>("""
            () => Array.from(document.querySelector('#compare-chart.js-plotly-plot, #compare-chart .js-plotly-plot').data)
                .filter(t => t.showlegend !== false).map(t => [t.line.color, t.line.dash ?? 'solid'])
            """);
        Assert.Equal(12, means.Length);
        Assert.All(means[..Palette.Hex.Count], m => Assert.Equal("solid", m[1]));
        Assert.Equal([Palette.Of(0), "dash"], means[Palette.Hex.Count]);
        Assert.Equal([Palette.Of(1), "dash"], means[Palette.Hex.Count + 1]);
        // Two runs a curve: the t interval is wide, and the band stays inside the accuracy's range [0, 1].
        var bands = await page.EvaluateAsync<double[][]>("""
            () => Array.from(document.querySelector('#compare-chart.js-plotly-plot, #compare-chart .js-plotly-plot').data)
                .filter(t => t.showlegend === false).map(t => t.y)
            """);
        Assert.Equal(24, bands.Length);
        Assert.All(bands.SelectMany(b => b), v => Assert.InRange(v, 0, 1));
        Assert.Contains(bands.SelectMany(b => b), v => v == 1); // clipped: a bound above 1 drawn at 1
        await page.Locator("#compare-chart").ScreenshotAsync(new() { Path = Path.Combine(Pages.BrowserFixture.Screenshots, "compare-twelve-chart.png") });
    }

    [Fact]
    public async Task CellExplorer_ShowsACellsNeighbours()
    {
        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync($"{lab.BaseAddress}cells?records={Uri.EscapeDataString(LabServer.RecordsCsv)}&top=10");
        await Assertions.Expect(page.Locator("#top-cells .cell-row")).ToHaveCountAsync(10);
        await page.Locator("#top-cells .cell-row a").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cells/[0-9a-f]{32}"), new() { Timeout = 60_000 });
        // The link navigates inside the circuit: the previous page's ready marker may still be there, so wait for the
        // cell's own content (a count read at once raced its render).
        await Assertions.Expect(page.Locator("#neighbours .neighbour").First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#cell-repeats")).ToContainTextAsync("108");
        await page.Locator("#cell-chart.js-plotly-plot, #cell-chart .js-plotly-plot").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        output.WriteLine($"neighbours: {await page.Locator("#neighbours .neighbour").CountAsync()}");
        await ShotAsync(page, "cell");
    }

    public Task DisposeAsync() => browser.CloseContextsAsync();

    private Task<IPage> SignedInAsync(string email) => browser.SignedInAsync(lab, email);

    private Task ShotAsync(IPage page, string name) => Pages.BrowserFixture.ShotAsync(page, name, output);
}
