using NasBench.Core.Benchmark.Store;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Benchmark;

/// <summary>The data pipeline's long loops stop on their token and leave what was there before.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class CancellationTests(SpaceFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Import_CancelledMidway_ThePreviousStoreStaysByteForByte()
    {
        string storePath = _temp.File("s.nbstore");
        BenchmarkImporter.Import(BenchmarkFiles.WriteSynthetic(_temp.File("old.tfrecord"), fixture.Index, 10), storePath, fixture.Index);
        byte[] before = File.ReadAllBytes(storePath);
        string bigger = BenchmarkFiles.WriteSynthetic(_temp.File("new.tfrecord"), fixture.Index, 10_000);
        using var cts = new CancellationTokenSource();
        var reports = new List<ExperimentProgress>();
        var progress = new DatasetDownloaderTests.SyncProgress(p =>
        {
            reports.Add(p);
            cts.Cancel(); // at the first batch: the reader has more to read
        });
        Assert.ThrowsAny<OperationCanceledException>(() => BenchmarkImporter.Import(bigger, storePath, fixture.Index, progress, cts.Token));
        Assert.Single(reports);
        Assert.InRange(reports[0].Fraction, 0.0, 0.99);
        Assert.Equal(before, File.ReadAllBytes(storePath));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp-*"));
        using var store = BenchmarkStore.Open(storePath, fixture.Index);
        Assert.Equal(10, store.CellIndices.Count);
    }

    [Fact]
    public void SyntheticWrite_Cancelled_LeavesThePreviousFileAndNoTemporary()
    {
        string path = BenchmarkFiles.WriteSynthetic(_temp.File("synth.tfrecord"), fixture.Index, 5);
        byte[] before = File.ReadAllBytes(path);
        using var cts = new CancellationTokenSource();
        var progress = new DatasetDownloaderTests.SyncProgress(_ => cts.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() =>
            SyntheticBenchmark.Write(path, fixture.Index, new SyntheticBenchmarkOptions(40_000, Seed: 1), progress, cts.Token));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp-*"));
    }

    [Fact]
    public void InMemorySynthetic_CancelledToken_Stops()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => NasBench.Core.Benchmark.InMemoryBenchmarkData.Synthetic(fixture.Index, new SyntheticBenchmarkOptions(), cts.Token));
    }
}
