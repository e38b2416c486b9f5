using System.Diagnostics;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Options;
using NasBench.Core.Tests.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Experiments;

[Collection(nameof(SpaceCollection))]
public sealed class StudyRunnerTests(SpaceFixture space) : IDisposable
{
    private readonly BenchmarkProvider _provider = new(space.Index);

    private static string Records => SharedData.RealData(SearchData.RecordsFile);

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task Distance_WritesOneRowPerPair_AndOnePanelPerDistance()
    {
        var sink = new MemorySink();
        var result = await new DistanceRunner(_provider).RunStudyAsync(new DistanceRequest { Records = Records, Pairs = 120, Seed = 2 }, sink, null, CancellationToken.None);
        Assert.Equal(121, sink.Text("distance.csv").TrimEnd('\n').Split('\n').Length);
        var figure = Assert.Single(sink.Figures);
        Assert.Equal(3, figure.Panels.Count);
        Assert.All(figure.Panels, p => Assert.Equal(0, p.Y.Min));
        Assert.All(figure.Panels, p => Assert.Contains("Pearson r", p.Annotation, StringComparison.Ordinal));
        Assert.Contains("[real]", result.Table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distance_Cancelled_StopsPromptly()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var sink = new MemorySink();
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DistanceRunner(_provider).RunStudyAsync(new DistanceRequest { Records = Records, Pairs = 10_000_000 }, sink, null, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancel took {clock.Elapsed}"); // ms when idle; room for a loaded 2-core run
        Assert.Empty(sink.Artifacts);
    }

    [Fact]
    public async Task CellsAndCorrelate_Cancelled_StopBeforeWritingAnything()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var sink = new MemorySink();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CellsRunner(_provider).RunStudyAsync(new CellsRequest { Records = Records }, sink, null, cancel.Token));
        var request = new CorrelateRequest { File = SharedData.RealData("seed_paper_accuracies.csv"), X = "cifar_acc_108", Y = "mnist_test_acc" };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CorrelateRunner.RunStudyAsync(request, sink, cancel.Token));
        Assert.Empty(sink.Artifacts);
        Assert.Null(sink.Outcome);
    }

    [Fact]
    public async Task Cells_AThresholdNoCellPasses_IsRefusedWithTheBestAccuracy()
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() =>
            new CellsRunner(_provider).RunStudyAsync(new CellsRequest { Records = Records, Threshold = 0.99 }, new MemorySink(), null, CancellationToken.None));
        Assert.Equal("threshold", e.Errors.Single().Field);
        Assert.Contains("no cell of the 30 held", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_LeavesOutFeaturesNoTestCanJudge()
    {
        var sink = new MemorySink();
        var result = await new CellsRunner(_provider).RunStudyAsync(new CellsRequest { Records = Records, Threshold = 0.92 }, sink, null, CancellationToken.None);
        Assert.DoesNotContain("NaN", result.Table, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", sink.Text("features.csv"), StringComparison.Ordinal);
        Assert.Contains(sink.Outcome!.Notes, n => n.Contains("left out", StringComparison.Ordinal));
        var bars = Assert.Single(sink.Figures).Panels[0];
        Assert.InRange(bars.X.Categories!.Count, 1, StudyFigures.TopFeatures);
    }

    [Fact]
    public async Task Correlate_ReproducesTable1_FashionMnistVsCifar108()
    {
        var sink = new MemorySink();
        var request = new CorrelateRequest { File = SharedData.RealData("seed_paper_accuracies.csv"), X = "cifar_acc_108", Y = "mnist_test_acc", Bootstrap = 50 };
        var result = await CorrelateRunner.RunStudyAsync(request, sink, CancellationToken.None);
        Assert.Equal(0.9349, Math.Round(result.Result.Pearson.R, 4));
        Assert.Equal(143, result.Result.N);
        Assert.Contains("\"n\":143", sink.Text("correlate.json"), StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(sink.Figures).Panels[0].Series.Count);
    }

    [Fact]
    public async Task Correlate_AMissingColumn_NamesItAndTheColumnsThereAre()
    {
        var request = new CorrelateRequest { File = SharedData.RealData("seed_paper_accuracies.csv"), X = "nope", Y = "mnist_test_acc" };
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => CorrelateRunner.RunStudyAsync(request, new MemorySink(), CancellationToken.None));
        Assert.Equal("x", e.Errors.Single().Field);
        Assert.Contains("cifar_acc_108", e.Message, StringComparison.Ordinal);
    }
}
