using System.Globalization;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Presentation;
using NasBench.Core.Tests.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Experiments;

/// <summary>
/// The mean incumbent curve computed again from trajectories.csv alone (no Core aggregation code), compared with
/// aggregate.csv and with the figure's data on log-spaced points that include the first decade (issue 18).
/// </summary>
[Collection(nameof(SpaceCollection))]
public sealed class AggregateCsvTests(SpaceFixture space) : IDisposable
{
    private readonly BenchmarkProvider _provider = new(space.Index);

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task MeanCurve_FromTrajectoriesCsv_EqualsAggregateCsvAndTheFigure_OnLogSpacedQueries()
    {
        var request = new SearchRequest { Algorithm = "evolution", Records = SharedData.RealData(SearchData.RecordsFile), Queries = 2000, Runs = 5, Seed = 3 };
        var sink = new MemorySink();
        await new SearchExperimentRunner(_provider).RunSearchAsync(request, sink, null, CancellationToken.None);

        // run → (step, mean test accuracy) in step order, straight from the CSV text.
        var runs = Rows(sink.Text("trajectories.csv")).GroupBy(r => r["run"])
            .Select(g => g.Select(r => (Step: D(r["step"]), Test: D(r["incumbent_mean_test_accuracy"]), Regret: D(r["test_regret"]))).OrderBy(p => p.Step).ToArray()).ToArray();
        double Mean(double x, bool regret = false)
        {
            var at = runs.Select(t => t.LastOrDefault(p => p.Step <= x)).Where(p => p.Step > 0).Select(p => regret ? p.Regret : p.Test).ToArray();
            return at.Length == 0 ? double.NaN : at.Average();
        }

        var aggregate = Rows(sink.Text("aggregate.csv")).Where(r => r["axis"] == "Queries").ToDictionary(r => D(r["x"]), r => D(r["test_mean"]));
        double last = runs.Max(t => t[^1].Step);
        double[] checkpoints = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, .. Enumerable.Range(5, 30).Select(k => Math.Round(Math.Pow(10, k / 4.0))).Where(x => x < last), last];
        foreach (double x in checkpoints)
        {
            // The grid holds every integer of the first decade; beyond it, a grid point within 10 % on the log axis.
            double near = aggregate.Keys.MinBy(g => Math.Abs(Math.Log(g / x)));
            Assert.True(x > 10 ? Math.Abs(Math.Log(near / x)) < Math.Log(1.1) : near == x, $"no grid point near {x} (nearest {near})");
            Assert.Equal(Mean(near), aggregate[near], 12);
        }

        Assert.True(aggregate.Keys.Count(x => x <= 10) >= 10, "first decade under-sampled");
        var figure = sink.Figures.Single(f => f.Name == "search");
        var line = figure.Panels[0].Series.Single(s => s.Kind == SeriesKind.Line);
        Assert.True(figure.Panels[0].X.Log);
        Assert.Equal(aggregate.Count(a => double.IsFinite(a.Value)), line.X.Count);
        for (int i = 0; i < line.X.Count; i++)
        {
            Assert.Equal(Mean(line.X[i], regret: true), line.Y[i], 12);
        }
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Rows(string csv)
    {
        var lines = csv.TrimEnd().Split('\n');
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(','), (h, v) => (h, v)).ToDictionary(p => p.h, p => p.v))];
    }
}
