using NasBench.Core.Benchmark.Store;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Experiments;
using NasBench.Training.Tests.Trainers;
using NasBench.Training.Transfer;
using Xunit.Abstractions;

namespace NasBench.Training.Tests.Transfer;

/// <summary>
/// Five tiny trainings on real FashionMNIST of cells drawn from a store built from the 30 real records, run three
/// ways once for the class: straight through (memory sink), cancelled after the first cell (folder sink), and
/// resumed from that folder.
/// </summary>
public sealed class TransferRunFixture : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("nasbench-transfer-").FullName;

    public string Output => Path.Combine(Directory, "out");

    public string Checkpoints => Path.Combine(Output, "checkpoints");

    public TransferRequest Request { get; private set; } = new();

    public BenchmarkProvider Provider { get; } = new(RealRecordsStore.Space);

    public MemorySink Straight { get; } = new();

    public ExperimentOutcome? StraightOutcome { get; private set; }

    public Exception? Cancelled { get; private set; }

    public IReadOnlyList<TrainedCell> CellsAfterCancel { get; private set; } = [];

    public FolderSink Resumed => new(Output, null);

    public IReadOnlyList<int> ResumedTrainings { get; private set; } = [];

    public double Seconds { get; private set; }

    public async Task InitializeAsync()
    {
        Request = new TransferRequest
        {
            Cells = 5, Store = RealRecordsStore.Build(Directory), Seed = 11, DataDir = FashionMnist.DebianDirectory, Epochs = 1, Lr = 0.05,
            Device = "cpu", Threads = 1, StemChannels = 8, CellsPerStack = 1, TrainImages = 1536, TestImages = 512,
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        StraightOutcome = await new TransferRunner(Provider).RunAsync(Request, Straight, null, CancellationToken.None);
        Seconds = clock.Elapsed.TotalSeconds;

        using var cancel = new CancellationTokenSource();
        var first = new TestProgress(p => { if (p.Epoch is { Training: 0 }) { cancel.Cancel(); } });
        try
        {
            await new TransferRunner(Provider, checkpointDirectory: Checkpoints).RunAsync(Request, new FolderSink(Output, null), first, cancel.Token);
        }
        catch (OperationCanceledException e)
        {
            Cancelled = e;
        }

        CellsAfterCancel = await new FolderSink(Output, null).ReadTrainedCellsAsync(CancellationToken.None);
        var trainings = new System.Collections.Concurrent.ConcurrentBag<int>();
        await new TransferRunner(Provider, checkpointDirectory: Checkpoints)
            .RunAsync(Request, new FolderSink(Output, null), new TestProgress(p => { if (p.Step is { } s) { trainings.Add(s.Training); } }), CancellationToken.None);
        ResumedTrainings = [.. trainings.Distinct().Order()];
    }

    public Task DisposeAsync()
    {
        Provider.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[Collection(nameof(TrainingCollection))]
public sealed class TransferRunnerTests(TransferRunFixture run, ITestOutputHelper output) : IClassFixture<TransferRunFixture>
{
    private MemorySink Straight => run.Straight;

    [Fact]
    public void Study_TrainsFiveDistinctRecordCells_AndWritesTheTableAndFigures()
    {
        output.WriteLine($"5 cells trained in {run.Seconds:F1} s; test accuracies {string.Join(", ", Straight.Cells.Select(c => c.TestAccuracy.ToString("F3")))}");
        output.WriteLine(Straight.Text("table.txt"));
        Assert.Equal(Enumerable.Range(0, 5), Straight.Cells.Select(c => c.Index));
        Assert.Equal(5, Straight.Cells.Select(c => c.Hash).Distinct().Count());
        Assert.True(Straight.Cells.Average(c => c.TestAccuracy) > 0.3, "the tiny trainings should learn something (precise BN evaluates them)");
        Assert.Contains(run.StraightOutcome!.Notes, n => n.Contains("holds 30 of", StringComparison.Ordinal));
        var csv = Straight.Text("table.csv")!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', TransferTable.CsvHeader), csv[0]);
        Assert.Equal(["108,single,5", "108,mean3,5"], csv[1..].Select(l => string.Join(',', l.Split(',')[..3])));
        Assert.StartsWith("CIFAR-10 test accuracy vs FashionMNIST test accuracy", Straight.Text("table.txt"));
        output.WriteLine(Straight.Text("transfer.txt"));
        Assert.Contains("top 10% overlap (k =   1)", Straight.Text("transfer.txt"), StringComparison.Ordinal);
        Assert.Contains("only 5 cells", Straight.Text("transfer.txt"), StringComparison.Ordinal);
        Assert.Equal(2, Straight.Text("transfer.csv")!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var figure = Assert.Single(Straight.Figures);
        Assert.Equal("scatter_cifar10_108", figure.Name);
        Assert.Equal("FashionMNIST vs CIFAR-10 at 108 epochs (real, n = 5)", figure.Title);
        var series = Assert.Single(Assert.Single(figure.Panels).Series);
        Assert.Equal(SeriesKind.Scatter, series.Kind);
        Assert.StartsWith("5 cells: Pearson r = ", series.Name);
        Assert.Equal(Straight.Cells.Select(c => c.TestAccuracy), series.Y);
        Assert.Contains("Spearman", figure.Panels[0].Annotation);
    }

    [Fact]
    public void Cancel_AfterTheFirstCell_LeavesOneCellInTheSink()
    {
        Assert.IsAssignableFrom<OperationCanceledException>(run.Cancelled);
        var cell = Assert.Single(run.CellsAfterCancel);
        Assert.Equal(0, cell.Index);
        Assert.Equal(Straight.Cells[0] with { Seconds = 0 }, cell with { Seconds = 0 });
    }

    [Fact]
    public async Task Resume_FromTheSameFolder_TrainsOnlyTheMissingCells_AndGivesTheSameTable()
    {
        Assert.Equal([1, 2, 3, 4], run.ResumedTrainings);
        var cells = await run.Resumed.ReadTrainedCellsAsync(CancellationToken.None);
        Assert.Equal(Straight.Cells.Select(c => c with { Seconds = 0 }), cells.Select(c => c with { Seconds = 0 }));
        Assert.Equal(Straight.Text("table.csv"), File.ReadAllText(Path.Combine(run.Output, "table.csv")));
        Assert.False(Directory.Exists(Path.Combine(run.Checkpoints, "4")));
    }

    [Fact]
    public async Task AnotherStudy_OnTheSameFolder_IsRefused()
    {
        var other = run.Request with { Seed = 12 };
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new TransferRunner(run.Provider).RunAsync(other, new FolderSink(run.Output, null), null, CancellationToken.None));
        Assert.Contains("another --out folder", e.Message);
    }

    [Fact]
    public void Join_PairsEachCellWithItsCifar10Accuracies_OnlyAt108Epochs()
    {
        using var store = BenchmarkStore.Open(run.Request.Store!, RealRecordsStore.Space);
        var sample = TransferSampling.Sample(store, 5, CellDistribution.Uniform, NasBench.Core.SeedStreams.Create(11, 0, NasBench.Core.StreamPurpose.CellSampling));
        var pairs = TransferTable.Join(store, [.. sample.Zip(Straight.Cells, (c, t) => (c, t.TestAccuracy))], seed: 11);
        var p = Assert.Single(pairs);
        Assert.Equal(108, p.Epochs);
        for (int i = 0; i < 5; i++)
        {
            var repeats = Enumerable.Range(0, 3).Select(r => (double)store.Metrics(sample[i], 108, r).Final.TestAccuracy).ToArray();
            Assert.Equal(repeats.Average(), p.CifarMean[i], 12);
            Assert.Contains(p.CifarSingle[i], repeats);
            Assert.Equal(Straight.Cells[i].TestAccuracy, p.Other[i]);
            Assert.Equal(store.Space.Cell(sample[i]), NasBench.Core.SearchSpace.ModelSpec.Parse(Straight.Cells[i].Adjacency, Straight.Cells[i].Operations).Cell);
        }
    }
}
