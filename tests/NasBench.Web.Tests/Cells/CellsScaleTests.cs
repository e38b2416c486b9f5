using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Cells;

/// <summary>
/// The cell explorer on a full-size store (opt-in: NASBENCH_CELLS_STORE=path of a store imported from
/// <c>nasbench data synth --epochs all</c>): the top-N page at each budget and by each measure, and cell pages, timed
/// (p50/p95 over 100 requests each, after one warm-up that opens the store). Skipped otherwise, so the suite stays short.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class CellsScaleTests(LabServer lab, ITestOutputHelper output)
{
    [Fact]
    public async Task FullSizeStore_TopCellsAndCellPages_StayFast()
    {
        if (Environment.GetEnvironmentVariable("NASBENCH_CELLS_STORE") is not { Length: > 0 } store)
        {
            return;
        }

        using var member = lab.With(lab.MemberToken);
        string source = "store=" + Uri.EscapeDataString(store);
        var clock = Stopwatch.StartNew();
        string first = await member.GetStringAsync(new Uri($"/cells?{source}&top=100", UriKind.Relative));
        output.WriteLine($"first /cells (opens the store, builds the 108-epoch tables): {clock.Elapsed.TotalMilliseconds:0} ms");
        var hashes = HashLink().Matches(first).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(100, hashes.Count);

        foreach (var (epochs, by) in new[] { (108, "validation"), (108, "test"), (36, "validation"), (4, "test") })
        {
            await TimeAsync(member, $"/cells?{source}&epochs={epochs}&by={by}&top=20", $"top 20 at {epochs} epochs by {by}", 100);
        }

        await TimeAsync(member, $"/cells?{source}&top=1000", "top 1000 at 108 epochs", 20);
        var times = new List<double>();
        for (int i = 0; i < 100; i++)
        {
            clock.Restart();
            string page = await member.GetStringAsync(new Uri($"/cells/{hashes[i % hashes.Count]}?{source}", UriKind.Relative));
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Contains(hashes[i % hashes.Count], page);
        }

        Report("cell page (12 repeats, neighbours)", times);

        // The explorer's own work, in process (no HTTP, no rendering): the first N of the cached ranking, one cell's view.
        var provider = lab.Services.GetRequiredService<NasBench.Core.Experiments.BenchmarkProvider>();
        var benchmark = await provider.OpenAsync(new NasBench.Core.Experiments.BenchmarkSource(store));
        clock.Restart();
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(20, global::NasBench.Web.Services.CellsExplorer.Top(benchmark, 108, i % 2 == 0, 20).Count);
        }

        output.WriteLine($"CellsExplorer.Top(20) in process: {clock.Elapsed.TotalMilliseconds:0.###} µs a call (1,000 calls)");
        clock.Restart();
        for (int i = 0; i < 1000; i++)
        {
            Assert.NotNull(global::NasBench.Web.Services.CellsExplorer.Describe(benchmark, hashes[i % hashes.Count]));
        }

        output.WriteLine($"CellsExplorer.Describe in process: {clock.Elapsed.TotalMilliseconds:0.###} µs a call (1,000 calls)");
    }

    private async Task TimeAsync(HttpClient client, string url, string what, int count)
    {
        await client.GetStringAsync(new Uri(url, UriKind.Relative)); // warm-up: the tables of this budget
        var times = new List<double>();
        for (int i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            string page = await client.GetStringAsync(new Uri(url, UriKind.Relative));
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Contains("cell-row", page);
        }

        Report(what, times);
    }

    private void Report(string what, List<double> times)
    {
        times.Sort();
        output.WriteLine($"{what}: p50 {times[times.Count / 2]:0.0} ms, p95 {times[(int)(times.Count * 0.95)]:0.0} ms (n = {times.Count})");
    }

    [GeneratedRegex("<a href=\"/cells/([0-9a-f]{32})\\?")]
    private static partial Regex HashLink();
}
