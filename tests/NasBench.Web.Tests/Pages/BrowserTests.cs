using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NasBench.Core.Lab;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Pages;

/// <summary>
/// The pages in Debian's chromium (headless, no downloads: never `playwright install`): sign-in through the form, a
/// search launched from the form with its chart filling, validation that launches nothing, and an anonymous visitor
/// sent to sign-in. The browser is the collection's (<see cref="BrowserFixture"/>); screenshots go to screenshots/.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class BrowserTests(LabServer lab, BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Anonymous_IsSentToSignIn()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(lab.BaseAddress + "experiments/new");
        Assert.Matches(new Regex("/account/signin\\?ReturnUrl="), page.Url);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await ShotAsync(page, "signin");
    }

    [Fact]
    public async Task SignIn_LaunchASearchFromTheForm_SeeItFinishWithItsChart()
    {
        var page = await SignedInAsync(LabServer.MemberEmail);
        await Assertions.Expect(page.Locator("#benchmark")).ToContainTextAsync("Benchmark in use");
        await ShotAsync(page, "home");

        await page.GotoAsync(lab.BaseAddress + "experiments/new");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        // Invalid first: the CLI's message beside the field, nothing launched.
        await page.FillAsync("#runs", "0");
        await page.Locator("#runs").BlurAsync();
        await page.ClickAsync("#launch");
        await Assertions.Expect(page.Locator(".field-error[data-field=runs]")).ToContainTextAsync("--runs must be");
        Assert.EndsWith("/experiments/new", page.Url);
        await ShotAsync(page, "new-invalid");

        await page.FillAsync("#runs", "25");
        await page.SelectOptionAsync("#algorithm", "evolution");
        await page.FillAsync("#simulatedSeconds", "");
        await page.FillAsync("#queries", "300");
        await page.CheckAsync("#source-records");
        await page.FillAsync("#path", LabServer.RecordsCsv);
        await page.Locator("#path").BlurAsync();
        await page.ClickAsync("#launch");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"), new() { Timeout = 60_000 });
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#chart-points")).Not.ToHaveAttributeAsync("data-points", "0");
        await Assertions.Expect(page.Locator("#files")).ToContainTextAsync("trajectories.csv");
        await Assertions.Expect(page.Locator("#command-line")).ToContainTextAsync("nasbench search --algorithm evolution --records");
        await page.Locator(".js-plotly-plot").WaitForAsync();
        output.WriteLine($"chart: {await page.Locator("#chart-points").TextContentAsync()}");
        // The browser's traces: runs 0–19 thin with the points the counter says were drawn, then band and mean (drawn over
        // the runs; the mean is over all 25).
        await Assertions.Expect(page.Locator("#chart-points")).ToContainTextAsync("25 runs (20 drawn thin)");
        var drawn = await TracesAsync(page);
        Assert.Equal("evolution mean", drawn[^1].Name);
        Assert.True(drawn[^1].Points > 0, "the mean has no points");
        Assert.Equal(20, drawn.Count - 2);
        Assert.All(drawn.SkipLast(2), t => Assert.Matches(@"^evolution run 1?\d$", t.Name));
        await Assertions.Expect(page.Locator("#chart-points")).ToHaveAttributeAsync("data-drawn", drawn.SkipLast(2).Sum(t => t.Points).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ShotAsync(page, "experiment");

        await page.GotoAsync(lab.BaseAddress + "experiments");
        await Assertions.Expect(page.Locator("#total")).Not.ToHaveTextAsync("0 experiments");
        await ShotAsync(page, "list");
    }

    [Fact]
    public async Task Chart_Grows_WhileALongSearchRuns_ThenCancel()
    {
        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync(lab.BaseAddress + "experiments/new");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        // Long enough to still run when the cancel comes, with rows all the time: evolution spends its whole budget, 200 runs of
        // 200,000 queries on the 30-cell records (about 1.6 s a run on a quiet core, one per core), each adding its rows. A
        // random search of 5,000,000 queries, as before, fixed its incumbent within a few dozen queries and ended a run in
        // a fraction of a second on a clean clone's quiet machine.
        await page.SelectOptionAsync("#algorithm", "evolution");
        await page.FillAsync("#runs", "200");
        await page.FillAsync("#simulatedSeconds", "");
        await page.FillAsync("#queries", "200000");
        await page.CheckAsync("#source-records");
        await page.FillAsync("#path", LabServer.RecordsCsv);
        await page.Locator("#path").BlurAsync();
        await page.ClickAsync("#launch");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"), new() { Timeout = 60_000 });
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("running", new() { Timeout = 30_000 });
        long id = long.Parse(Regex.Match(page.Url, "/experiments/(\\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var member = lab.With(lab.MemberToken);
        int first = await PointsAsync(page);
        int later = await GrowsAsync(page, member, id, 200, first);
        output.WriteLine($"chart points while running: {first} → {later}");
        // What came live: at most 20 thin traces (runs 0–19), inserted before the band and mean, which stay on top.
        var traces = await TracesAsync(page);
        output.WriteLine($"traces while running: {traces.Count}");
        Assert.InRange(traces.Count - 2, 1, 20);
        Assert.All(traces.SkipLast(2), t => Assert.Matches(@"^evolution run 1?\d$", t.Name));
        Assert.Equal(["evolution 25–75 %", "evolution mean"], traces.TakeLast(2).Select(t => t.Name));
        await ShotAsync(page, "experiment-running");

        // The live page re-renders a few times a second, so the button is never "stable" for Playwright's click:
        // dispatch the click event itself (Blazor listens by delegation), again if a re-render swallowed it (the status
        // still says running a few seconds later).
        for (int attempt = 1; ; attempt++)
        {
            await page.Locator("#cancel").DispatchEventAsync("click");
            try
            {
                await Assertions.Expect(page.Locator("h1 .status")).Not.ToHaveTextAsync("running", new() { Timeout = 5_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 10)
            {
            }
        }

        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("cancelled", new() { Timeout = 30_000 });
        await ShotAsync(page, "experiment-cancelled");
    }

    public Task DisposeAsync() => browser.CloseContextsAsync();

    /// <summary>Waits until the live chart of experiment <paramref name="id"/> on <paramref name="page"/> shows more than
    /// <paramref name="from"/> points while the experiment is still running; fails once the experiment has stopped running
    /// with the chart unchanged. Tied to the search's own course, not to a span of wall time or to a count of runs: a count
    /// of runs raced the page's first draw (a clean clone's quiet machine finished 7 short runs of
    /// <paramref name="totalRuns"/> before the browser had drawn the first plot, and the test failed with nothing wrong).
    /// The deadline, 3 minutes, only ends a search that makes no progress at all.</summary>
    internal static async Task<int> GrowsAsync(IPage page, HttpClient client, long id, int totalRuns, int from)
    {
        var (status, before) = await StateAsync(client, id, totalRuns);
        int done = before, points = from;
        await Eventually.UntilAsync(
            async () =>
            {
                points = await PointsAsync(page);
                (status, done) = await StateAsync(client, id, totalRuns);
                return points > from || ExperimentStates.IsFinal(status);
            },
            TimeSpan.FromMinutes(3), $"the chart growing from {from} points while the experiment runs", TimeSpan.FromMilliseconds(250));
        Assert.True(points > from, $"the chart stayed at {from} points while runs {before} to {done} of {totalRuns} finished and the experiment ended ({status})");
        return points;
    }

    /// <summary>Experiment <paramref name="id"/>'s status and its runs done, from the API (progress × runs, rounded down).</summary>
    internal static async Task<(string Status, int RunsDone)> StateAsync(HttpClient client, long id, int runs)
    {
        var experiment = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/experiments/{id}");
        return (experiment.GetProperty("status").GetString()!, (int)Math.Floor(experiment.GetProperty("progress").GetDouble() * runs));
    }

    /// <summary>The live chart's traces in the browser, in drawing order: name and point count.</summary>
    internal static async Task<List<(string Name, int Points)>> TracesAsync(IPage page)
    {
        string traces = await page.EvaluateAsync<string>("() => JSON.stringify(document.querySelector('.js-plotly-plot').data.map(t => [t.name, (t.x||[]).length]))");
        return [.. System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement[][]>(traces)!.Select(t => (t[0].GetString()!, t[1].GetInt32()))];
    }

    internal static async Task<int> PointsAsync(IPage page) =>
        int.Parse(await page.Locator("#chart-points").GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private Task<IPage> NewPageAsync() => browser.NewPageAsync();

    private Task<IPage> SignedInAsync(string email) => browser.SignedInAsync(lab, email);

    private Task ShotAsync(IPage page, string name) => BrowserFixture.ShotAsync(page, name, output);
}
