using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasBench.Core;
using NasBench.Core.Experiments;

namespace NasBench.Web.Tests.Pages;

/// <summary>The dashboard with a SYNTHETIC demo benchmark built from its button (a benchmark experiment, whose page the
/// button opens; the README's screenshot), and a tiny
/// training launched from the form whose epoch rows appear live.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Dashboard_BuildsTheSyntheticDemoFromItsButton_ThroughItsExperimentPage_ShowsRunningAndWorkers()
    {
        string store = NasBenchPaths.ResolveStore(null);
        using var api = lab.With(lab.MemberToken);
        long id = 0;
        try
        {
            var page = await SignedInAsync(LabServer.MemberEmail);
            await ReadyAsync(page); // a click before the circuit is up is lost (this raced on a loaded machine)
            await Assertions.Expect(page.Locator("#no-benchmark")).ToBeVisibleAsync();
            await ShotAsync(page, "home-no-benchmark");
            await page.ClickAsync("#build-demo");
            // A benchmark experiment on the cpu queue: its page shows its progress, then its outcome.
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"), new() { Timeout = 30_000 });
            await ReadyAsync(page);
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("benchmark");
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("succeeded", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("h1 .synthetic")).ToBeVisibleAsync(); // the benchmark it made is its benchmark
            await Assertions.Expect(page.Locator("#benchmark-source")).ToContainTextAsync("synthetic-demo.tfrecord");
            await Assertions.Expect(page.Locator(".notes")).ToContainTextAsync("SYNTHETIC data (not the official NAS-Bench-101 results): 20,000 cells");
            await ShotAsync(page, "benchmark-setup");
            await page.GotoAsync(lab.BaseAddress.ToString());
            await ReadyAsync(page);
            await Assertions.Expect(page.Locator("#benchmark")).ToContainTextAsync("SYNTHETIC", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#benchmark")).ToContainTextAsync("20,000", new() { Timeout = 60_000 });
            var response = await api.PostAsJsonAsync("/api/experiments", new { kind = "compare", algorithms = new[] { "random", "evolution", "tree" }, queries = 300_000, runs = 60, records = LabServer.RecordsCsv });
            response.EnsureSuccessStatusCode();
            id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            await Assertions.Expect(page.Locator("#running .status")).ToContainTextAsync("running", new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("#workers")).ToContainTextAsync("busy", new() { Timeout = 10_000 });
            // Some progress on the bar before the screenshot.
            await Assertions.Expect(page.Locator("#running .fill.running").First).ToHaveAttributeAsync("style", new Regex(@"width: (?!0%)"), new() { Timeout = 30_000 });
            await ShotAsync(page, "dashboard");
            if (Environment.GetEnvironmentVariable("NASBENCH_UPDATE_SCREENSHOTS") == "1")
            {
                // The README's screenshot is refreshed on request only: a test run never changes the repository.
                string readme = FindRepository();
                Directory.CreateDirectory(Path.Combine(readme, "docs", "screenshots"));
                await page.ScreenshotAsync(new() { Path = Path.Combine(readme, "docs", "screenshots", "dashboard.png"), FullPage = true });
            }

            await page.GotoAsync(lab.BaseAddress + $"experiments/{id}");
            await ReadyAsync(page);
            await Assertions.Expect(page.Locator("#chart-points")).Not.ToHaveAttributeAsync("data-points", "0", new() { Timeout = 10_000 });
            await page.Locator(".js-plotly-plot .scatterlayer .trace").First.WaitForAsync(); // drawn, not only created
            await ShotAsync(page, "compare-running");
        }
        finally
        {
            if (id != 0)
            {
                await api.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
                await lab.WaitForAsync(api, id, TimeSpan.FromSeconds(30), "cancelled", "succeeded", "failed");
            }

            // The other tests expect no default store (the API's "none yet" answer).
            File.Delete(store);
            lab.Services.GetRequiredService<BenchmarkProvider>().Forget(BenchmarkSource.Default);
        }
    }

    [Fact]
    public async Task Training_FromTheForm_EpochRowsAppear()
    {
        Assert.Contains("training", ExperimentJson.KnownKinds); // the lab registers NasBench.Training's runners (LabRunners)

        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync(lab.BaseAddress + "experiments/new?kind=training");
        await ReadyAsync(page);
        foreach (var (field, value) in new[] { ("dataDir", "/usr/share/datasets/fashion-mnist"), ("stemChannels", "8"), ("cellsPerStack", "1"), ("trainImages", "512"), ("testImages", "256"), ("epochs", "2"), ("threads", "1"), ("batchSize", "128") })
        {
            await page.FillAsync("#" + field, value);
            await page.Locator("#" + field).BlurAsync();
        }

        await page.ClickAsync("#launch");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"), new() { Timeout = 60_000 });
        await ReadyAsync(page);
        await Assertions.Expect(page.Locator("#epochs .epoch-row").First).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#epochs .epoch-row")).ToHaveCountAsync(2);
        await ShotAsync(page, "training");
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NasBench.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository (NasBench.sln) is not above " + AppContext.BaseDirectory);
    }
}
