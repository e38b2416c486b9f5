using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Experiments;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Results;

/// <summary>
/// The correlation page (a CSV and a live transfer study), the cell explorer's drawing and its "start a local search from
/// here", and two trainings compared by their epoch curves, in Debian's chromium. Screenshots go to screenshots/.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ExplorerBrowserTests(LabServer lab, Pages.BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The first of the 30 real models and its raw 7-vertex form.</summary>
    private const string HeldHash = "ff92c322c5d9d3d587d9c146a63d0807";
    private const string HeldAdjacency = "0101000001110000010000000001000001000000010000000";
    private const string HeldOperations = "input,conv3x3-bn-relu,conv1x1-bn-relu,conv1x1-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output";

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Correlation_OfAnUploadedCsv_IsTheSeedPapersTable1_WithScatters_AndDownloads()
    {
        var page = await SignedInAsync(LabServer.MemberEmail);
        await page.GotoAsync($"{lab.BaseAddress}correlation");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("#correlation-csv summary").ClickAsync();
        await page.Locator("#correlation-upload").SetInputFilesAsync(LabServer.FindUp(Path.Combine("shared", "data", "nb101-real", "seed_paper_accuracies.csv")));
        await page.Locator("#correlation-compute").WaitForAsync();
        Assert.Equal("mnist_test_acc", await page.Locator("#correlation-y").InputValueAsync());
        await page.ClickAsync("#correlation-compute");
        var table = page.Locator("#correlation-table");
        // FashionMNIST vs CIFAR-10 at 12 / 36 / 108 epochs, n = 143: r = 0.2083 / 0.7898 / 0.9349 (../shared/docs/NASBENCH101.md).
        var pearson = table.Locator("tr[data-row='Pearson r'] td .r");
        await Assertions.Expect(pearson).ToHaveTextAsync(["0.208", "0.790", "0.935"]);
        await Assertions.Expect(table.Locator("thead th.budget")).ToHaveTextAsync(["12 epochs", "36 epochs", "108 epochs"]);
        await Assertions.Expect(table).ToContainTextAsync("n = 143");
        await Assertions.Expect(page.Locator(".figure-plot .js-plotly-plot")).ToHaveCountAsync(3);
        // Points and the least-squares line: two traces per scatter.
        await Assertions.Expect(page.Locator("#correlation-scatter-2 .scatterlayer .trace")).ToHaveCountAsync(2);
        await ShotAsync(page, "correlation-csv");

        foreach (string format in new[] { "svg", "png" })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"#correlation-scatter-0-{format}"));
            Assert.Equal($"correlation-scatter-0.{format}", download.SuggestedFilename);
            string saved = Path.Combine(Pages.BrowserFixture.Screenshots, "download-" + download.SuggestedFilename);
            await download.SaveAsAsync(saved);
            byte[] head = (await File.ReadAllBytesAsync(saved))[..4];
            Assert.True(format == "svg" ? head[0] == (byte)'<' : head.SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), $"{format}: {Convert.ToHexString(head)}");
        }

        // Imagenette at 36 epochs, its first 21 rows: r = 0.3732 (p = 0.096) / 0.7794 / 0.7847.
        await page.Locator("#correlation-y").SelectOptionAsync("imagenette_test_acc_36");
        await page.FillAsync("#correlation-rows", "21");
        await page.Locator("#correlation-rows").BlurAsync();
        await page.ClickAsync("#correlation-compute");
        await Assertions.Expect(pearson).ToHaveTextAsync(["0.373", "0.779", "0.785"]);
        await Assertions.Expect(table.Locator("tr[data-row='Pearson r'] td .p").First).ToHaveTextAsync("p = 0.096");
    }

    [Fact]
    public async Task Correlation_OfATransferStudy_FollowsItLive_AndEqualsItsTableCsv()
    {
        string store = SmallStore();
        using var member = lab.With(lab.MemberToken);
        var body = new Dictionary<string, object>
        {
            ["kind"] = "transfer", ["cells"] = 4, ["store"] = store, ["dataset"] = "fashion-mnist", ["dataDir"] = "/usr/share/datasets/fashion-mnist",
            ["epochs"] = 1, ["lr"] = 0.05, ["threads"] = 1, ["stemChannels"] = 8, ["cellsPerStack"] = 1, ["trainImages"] = 256, ["testImages"] = 128, ["seed"] = 1,
        };
        var launched = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(JsonSerializer.Serialize(body)));
        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
        long id = (await launched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var page = await SignedInAsync(LabServer.ViewerEmail);
        await page.GotoAsync($"{lab.BaseAddress}correlation?experiment={id}");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var view = page.Locator("#correlation-view");
        var seen = new List<string>();
        await Eventually.UntilAsync(
            async () =>
            {
                string pairs = await view.GetAttributeAsync("data-pairs") ?? "";
                if (seen.LastOrDefault() != pairs)
                {
                    seen.Add(pairs);
                }

                return pairs;
            },
            pairs => pairs == "4", TimeSpan.FromSeconds(180), "the page showing the study's 4 pairs", interval: TimeSpan.FromMilliseconds(200));
        output.WriteLine($"pairs seen without reloading: {string.Join(" → ", seen)}");
        Assert.True(seen.Count >= 2, "the page followed the study as it trained (it showed fewer pairs first)");
        await Assertions.Expect(view).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#correlation-table thead th.budget")).ToHaveTextAsync(["12 epochs", "36 epochs", "108 epochs"]);
        await Assertions.Expect(page.Locator(".figure-plot .js-plotly-plot")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".figure-plot .scatterlayer .trace")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator(".figure-plot[data-points='4']")).ToHaveCountAsync(3);
        await ShotAsync(page, "correlation-transfer");

        // The page's numbers are the study's table.csv (the CLI's TransferTable), row by row.
        string csv = await member.GetStringAsync(new Uri($"/api/experiments/{id}/files/table.csv", UriKind.Relative));
        var api = await member.GetFromJsonAsync<JsonElement>($"/api/correlation/{id}");
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var column in api.GetProperty("columns").EnumerateArray())
        {
            int epochs = column.GetProperty("epochs").GetInt32();
            var mean = rows.Single(r => r[0] == epochs.ToString(CultureInfo.InvariantCulture) && r[1] == "mean3");
            Assert.Equal(double.Parse(mean[3], CultureInfo.InvariantCulture), column.GetProperty("mean").GetProperty("pearson").GetProperty("r").GetDouble(), 12);
            Assert.Equal(double.Parse(mean[7], CultureInfo.InvariantCulture), column.GetProperty("mean").GetProperty("spearman").GetProperty("r").GetDouble(), 12);
        }
    }

    [Fact]
    public async Task CellExplorer_FindACellByDrawingIt_ThenStartALocalSearchFromIt()
    {
        var page = await SignedInAsync(LabServer.MemberEmail);
        string source = "records=" + Uri.EscapeDataString(LabServer.RecordsCsv);
        await page.GotoAsync($"{lab.BaseAddress}cells?{source}&draw=true");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        // Paste the cell without its edge 0→3, then draw that edge by clicking its square.
        char[] without = HeldAdjacency.ToCharArray();
        without[3] = '0';
        await page.FillAsync("#paste-adjacency", new string(without));
        await page.FillAsync("#paste-operations", HeldOperations);
        await page.ClickAsync("#paste-apply");
        await Assertions.Expect(page.Locator("#cell-finder #cell-hash")).Not.ToHaveTextAsync(HeldHash);
        await page.ClickAsync("#edge-0-3");
        await Assertions.Expect(page.Locator("#cell-finder #cell-hash")).ToHaveTextAsync(HeldHash);
        await ShotAsync(page, "cells-draw");
        await page.ClickAsync("#cell-draw-find");
        // A navigation from the circuit is a same-document one (enhanced): wait for the URL, not for a load event.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/cells/{HeldHash}"), new() { Timeout = 60_000 });
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("h1 #cell-hash")).ToHaveTextAsync(HeldHash);
        await Assertions.Expect(page.Locator("#cell-drawn svg.cell-graph .vertex")).ToHaveCountAsync(7);
        await page.Locator("#cell-chart .scatterlayer .trace").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await ShotAsync(page, "cell-drawn");

        // "Train this cell": the training form, filled with the cell (its editor shows the same hash).
        string cellPage = page.Url;
        await page.ClickAsync("#train-cell");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/experiments/new"), new() { Timeout = 60_000 });
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("#tab-training")).ToHaveClassAsync(new Regex("active"));
        await Assertions.Expect(page.Locator("#cell-hash")).ToHaveTextAsync(HeldHash);
        await ShotAsync(page, "train-from-cell");
        await page.GotoAsync(cellPage);
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.ClickAsync("#search-local");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/experiments/new"), new() { Timeout = 60_000 });
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Equal("local", await page.Locator("#algorithm").InputValueAsync());
        await Assertions.Expect(page.Locator("#startCell")).ToHaveValueAsync(new Regex("^0101000001110000010000000001000001000000010000000 input,"));
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync("--start-cell");
        await ShotAsync(page, "search-from-cell");
        await page.ClickAsync("#launch");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/experiments/\\d+$"), new() { Timeout = 60_000 });
        long id = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        using var member = lab.With(lab.MemberToken);
        var done = await lab.WaitForAsync(member, id, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        string trajectories = await member.GetStringAsync(new Uri($"/api/experiments/{id}/files/trajectories.csv", UriKind.Relative));
        var lines = trajectories.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int step = Array.IndexOf(lines[0].Split(','), "step"), hash = Array.IndexOf(lines[0].Split(','), "incumbent_hash");
        var firsts = lines.Skip(1).Select(l => l.Split(',')).Where(f => f[step] == "1").ToList();
        Assert.Equal(3, firsts.Count);
        Assert.All(firsts, f => Assert.Equal(HeldHash, f[hash]));
    }

    [Fact]
    public async Task Compare_TwoTrainings_ByTheirEpochCurves()
    {
        using var member = lab.With(lab.MemberToken);
        var ids = new List<long>();
        foreach (int seed in new[] { 1, 2 })
        {
            var body = Jobs.TrainingJobTests.Tiny(2, trainImages: 256);
            body["seed"] = seed;
            var response = await member.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabApi.Json(JsonSerializer.Serialize(body)));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        foreach (long id in ids)
        {
            var done = await lab.WaitForAsync(member, id, TimeSpan.FromSeconds(240), "succeeded", "failed");
            Assert.Equal("succeeded", done.GetProperty("status").GetString());
        }

        var page = await SignedInAsync(LabServer.ViewerEmail);
        await page.GotoAsync($"{lab.BaseAddress}compare?ids={ids[0]},{ids[1]}");
        await page.Locator("[data-circuit-ready=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("#training-finals .training-final")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#compare-message")).ToHaveCountAsync(0);
        // Train, validation (when the recipe holds one out) and test per training.
        var traces = page.Locator("#training-compare-chart .scatterlayer .trace");
        await traces.First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.InRange(await traces.CountAsync(), 4, 6);
        await Assertions.Expect(page.Locator("#training-finals .final-test").First).ToHaveTextAsync(new Regex("^\\d+\\.\\d\\d ?%$"));
        await ShotAsync(page, "compare-trainings");
    }

    /// <summary>A SYNTHETIC store of 2,000 cells at every epoch budget, in the official format, imported (once per lab).</summary>
    private string SmallStore()
    {
        string store = Path.Combine(lab.Home, "small-all-epochs.nbstore");
        if (!File.Exists(store))
        {
            var space = lab.Services.GetRequiredService<BenchmarkProvider>().Space();
            string tfrecord = Path.Combine(lab.Home, "small-all-epochs.tfrecord");
            SyntheticBenchmark.Write(tfrecord, space, new SyntheticBenchmarkOptions(Cells: 2000, AllEpochs: true, Seed: 3));
            BenchmarkImporter.Import(tfrecord, store, space);
        }

        return store;
    }

    public Task DisposeAsync() => browser.CloseContextsAsync();

    private Task<IPage> SignedInAsync(string email) => browser.SignedInAsync(lab, email);

    private Task ShotAsync(IPage page, string name) => Pages.BrowserFixture.ShotAsync(page, name, output);
}
