using System.Diagnostics;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Options;
using NasBench.Core.Presentation;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Experiments;

[Collection(nameof(SpaceCollection))]
public sealed class SearchExperimentRunnerTests(SpaceFixture space) : IDisposable
{
    private readonly BenchmarkProvider _provider = new(space.Index);

    private static string Records => SharedData.RealData(SearchData.RecordsFile);

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task Compare_PerRunFigure_DrawsAtMost20RunsEach_AndEveryMeanOverThem()
    {
        // 25 runs of two algorithms: 20 thin lines each, then the two means (over all 25) on top of every thin line.
        var sink = new MemorySink();
        var request = new CompareRequest { Algorithms = ["random", "evolution"], Records = Records, Queries = 40, Runs = 25, Protocol = "mean3" };
        await new SearchExperimentRunner(_provider, "compare").RunSearchAsync(request, sink, new SyncProgress([]), CancellationToken.None);
        var series = Assert.Single(sink.Figures.Single(f => f.Name == "compare_by_time").Panels).Series;
        Assert.Equal(2 * SearchFigures.ThinRunsDrawn, series.Count(s => s.Kind == SeriesKind.Step));
        Assert.Equal([SeriesKind.Line, SeriesKind.Line], series.Skip(2 * SearchFigures.ThinRunsDrawn).Select(s => s.Kind));
        Assert.Equal(["random (20 of 25 runs, thin; mean of 25, thick)", "evolution (20 of 25 runs, thin; mean of 25, thick)"], series.Where(s => s.Name is not null).Select(s => s.Name));
    }

    [Fact]
    public async Task Compare_WritesTheFilesAndFigures_AndStreamsEveryRun()
    {
        var sink = new MemorySink();
        var progress = new List<ExperimentProgress>();
        var request = new CompareRequest { Algorithms = ["random", "evolution"], Records = Records, Queries = 300, Runs = 3, Protocol = "mean3" };
        var result = await new SearchExperimentRunner(_provider, "compare").RunSearchAsync(request, sink, new SyncProgress(progress), CancellationToken.None);

        Assert.Equal(ExperimentStatus.Succeeded, sink.Outcome!.Status);
        Assert.Contains(sink.Outcome.Notes, n => n.Contains("30 of 423,624 cells", StringComparison.Ordinal));
        Assert.Equal(["aggregate.csv", "comparison.csv", "comparison.tex", "comparison_pairs.csv", "summary.txt", "trajectories.csv"], sink.Artifacts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["compare_by_cells", "compare_by_time", "compare_mean"], sink.Figures.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(6, sink.Runs.Count);
        foreach (var (key, run) in sink.Runs)
        {
            Assert.Equal(run.Trajectory, sink.Points.Where(p => p.Run == key).Select(p => p.Progress));
        }

        Assert.Equal(1.0, progress[^1].Fraction);
        Assert.Equal(result.Results[1][2].Final, sink.Runs[new RunKey(1, 2)].Final);
    }

    [Fact]
    public async Task SameRequest_GivesTheSameFiles_WallClockAside()
    {
        var request = new SearchRequest { Algorithm = "local", Records = Records, Queries = 400, Runs = 4, Seed = 9 };
        var a = new MemorySink();
        var b = new MemorySink();
        await new SearchExperimentRunner(_provider).RunSearchAsync(request, a, null, CancellationToken.None);
        await new SearchExperimentRunner(_provider, livePoints: false).RunSearchAsync(request, b, null, CancellationToken.None);
        Assert.Equal(WithoutWallClock(a.Text("trajectories.csv")), WithoutWallClock(b.Text("trajectories.csv")));
        Assert.Equal(a.Text("aggregate.csv"), b.Text("aggregate.csv"));
    }

    [Fact]
    public async Task Cancel_StopsPromptly_AndTheSinkHasThePointsSoFar_MarkedPartial()
    {
        var sink = new MemorySink();
        using var cancel = new CancellationTokenSource();
        var request = new SearchRequest { Algorithm = "random", Random = new() { Sampler = CellDistribution.Uniform }, Records = Records, Queries = 1_000_000_000_000, Runs = 2 };
        var run = new SearchExperimentRunner(_provider).RunSearchAsync(request, sink, null, cancel.Token);
        // Cancel once the sink holds points (the runs are under way), not after a fixed wait.
        await Eventually.UntilAsync(() => sink.Points.Count > 0 || run.IsCompleted, TimeSpan.FromSeconds(60), "points in the sink", TimeSpan.FromMilliseconds(20));

        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancel took {clock.Elapsed}"); // ms when idle; room for a loaded 2-core run
        Assert.Equal(ExperimentStatus.Cancelled, sink.Outcome!.Status);
        Assert.True(sink.Outcome.Partial);
        Assert.NotEmpty(sink.Points);
        Assert.Empty(sink.Runs);
    }

    [Fact]
    public async Task InvalidRequest_IsRefusedBeforeAnyWork()
    {
        var sink = new MemorySink();
        var e = await Assert.ThrowsAsync<RequestValidationException>(() =>
            new SearchExperimentRunner(_provider).RunSearchAsync(new SearchRequest { Records = Records, Runs = 0 }, sink, null, CancellationToken.None));
        Assert.Equal("runs", e.Errors.Single().Field);
        Assert.Null(sink.Outcome);
    }

    [Fact]
    public async Task MissingStore_SaysHowToGetOne()
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() =>
            new SearchExperimentRunner(_provider).RunSearchAsync(new SearchRequest { Store = "/nonexistent/x.nbstore" }, new MemorySink(), null, CancellationToken.None));
        Assert.Contains("nasbench data download", e.Message, StringComparison.Ordinal);
    }

    private static string WithoutWallClock(string csv) =>
        string.Join('\n', csv.Split('\n').Select(line => string.Join(',', line.Split(',').Where((_, i) => i != 9))));

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; posts them later, on the thread pool).</summary>
    internal sealed class SyncProgress(List<ExperimentProgress> list) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
