using NasBench.Core.Progress;
using System.Security.Cryptography;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Tests.Benchmark;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Experiments;

/// <summary>The one implementation of making a store (CLI and lab alike): import, download from a local HTTP server,
/// the demo, and a cancel that leaves the previous store as it was.</summary>
[Collection(nameof(SpaceCollection))]
public sealed class BenchmarkSetupRunnerTests(SpaceFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private BenchmarkSetupRunner Runner() => new(() => fixture.Index, _temp.File("nasbench.nbstore"), _temp.File("data"));

    [Fact]
    public async Task Import_WritesTheStore_StoreJsonAndNotesSayWhat()
    {
        string file = BenchmarkFiles.WriteSynthetic(_temp.File("synthetic.tfrecord"), fixture.Index, 300);
        var sink = new MemorySink();
        var reports = new List<ExperimentProgress>();
        var outcome = await Runner().RunAsync(new BenchmarkSetupRequest { Action = "import", File = file }, sink, new SearchExperimentRunnerTests.SyncProgress(reports), CancellationToken.None);

        Assert.Equal(ExperimentStatus.Succeeded, outcome.Status);
        using var store = BenchmarkStore.Open(_temp.File("nasbench.nbstore"), fixture.Index);
        Assert.Equal((300, 900L, true), (store.Metadata.Cells, store.Metadata.RecordCount, store.Metadata.IsSynthetic));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), store.Metadata.SourceSha256);
        Assert.Contains("\"sha256\": \"" + store.Metadata.SourceSha256 + "\"", sink.Text("store.json"));
        Assert.StartsWith("Imported into ", outcome.Notes[0]);
        Assert.Contains(outcome.Notes, n => n.StartsWith("SYNTHETIC", StringComparison.Ordinal));
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.All(reports, r => Assert.InRange(r.Fraction, 0, 1));
    }

    [Fact]
    public async Task Download_FromALocalServer_ResumesThePartFileChecksAndImports()
    {
        byte[] content = File.ReadAllBytes(BenchmarkFiles.WriteSynthetic(_temp.File("served.tfrecord"), fixture.Index, 200));
        using var server = new LoopbackHttpServer(content, dropFirstResponseAfter: content.Length / 3);
        var request = new BenchmarkSetupRequest { Action = "download", Url = server.Url.ToString(), Sha256 = Convert.ToHexString(SHA256.HashData(content)) };
        var reports = new List<ExperimentProgress>();

        var result = await Runner().SetupAsync(request, new SearchExperimentRunnerTests.SyncProgress(reports), CancellationToken.None);

        Assert.Equal(content, File.ReadAllBytes(_temp.File(Path.Combine("data", "nasbench_test.tfrecord"))));
        Assert.Equal(["", $"bytes={content.Length / 3}-"], server.Ranges);
        Assert.Equal(600, result.Metadata.RecordCount);
        // The download is the first 70 % of the bar, the import the rest.
        Assert.Contains(reports, r => r.Message.StartsWith("downloading", StringComparison.Ordinal) && r.Fraction <= 0.7);
        Assert.Contains(reports, r => r.Message.StartsWith("importing", StringComparison.Ordinal) && r.Fraction >= 0.7);
    }

    [Fact]
    public async Task Download_WrongSha256_FailsAndImportsNothing()
    {
        byte[] content = File.ReadAllBytes(BenchmarkFiles.WriteSynthetic(_temp.File("served.tfrecord"), fixture.Index, 50));
        using var server = new LoopbackHttpServer(content);
        var request = new BenchmarkSetupRequest { Action = "download", Url = server.Url.ToString(), Sha256 = new string('0', 64) };
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Runner().SetupAsync(request, null, CancellationToken.None));
        Assert.Contains("expected " + new string('0', 64), e.Message);
        Assert.False(File.Exists(_temp.File("nasbench.nbstore")));
    }

    [Fact]
    public async Task Demo_IsTheRunShDemo_AndLeavesNoTemporaryFile()
    {
        var result = await Runner().SetupAsync(new BenchmarkSetupRequest { Action = "demo" }, null, CancellationToken.None);
        Assert.Equal((BenchmarkSetupRequest.DemoCells, 3L * BenchmarkSetupRequest.DemoCells, true), (result.Metadata.Cells, result.Metadata.RecordCount, result.Metadata.IsSynthetic));
        Assert.Empty(Directory.GetFileSystemEntries(_temp.File("data")));
    }

    [Fact]
    public async Task Cancel_DuringTheImport_LeavesThePreviousStoreAndCompletesThePartialSink()
    {
        string old = BenchmarkFiles.WriteSynthetic(_temp.File("old.tfrecord"), fixture.Index, 20);
        await Runner().SetupAsync(new BenchmarkSetupRequest { Action = "import", File = old }, null, CancellationToken.None);
        byte[] before = File.ReadAllBytes(_temp.File("nasbench.nbstore"));
        string big = BenchmarkFiles.WriteSynthetic(_temp.File("big.tfrecord"), fixture.Index, 60_000);
        using var cts = new CancellationTokenSource();
        // Cancelled at its first progress report: after the first batch, long before the last.
        var progress = new DatasetDownloaderTests.SyncProgress(p =>
        {
            if (p.Fraction > 0)
            {
                cts.Cancel();
            }
        });
        var sink = new MemorySink();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner().RunAsync(new BenchmarkSetupRequest { Action = "import", File = big }, sink, progress, cts.Token));
        Assert.Equal(before, File.ReadAllBytes(_temp.File("nasbench.nbstore")));
        Assert.Equal(ExperimentStatus.Cancelled, sink.Outcome?.Status);
        // No temporary file left beside the store (its lock file stays, by design: see StoreLock).
        Assert.Equal([_temp.File("nasbench.nbstore"), StoreLock.PathOf(_temp.File("nasbench.nbstore"))], Directory.GetFiles(_temp.Path, "nasbench.nbstore*").Order());
    }

    [Fact]
    public async Task TwoSetupsOfOneStore_AtOnce_TheSecondIsRefusedNamingTheStore_TheFirstWritesIt()
    {
        string first = BenchmarkFiles.WriteSynthetic(_temp.File("first.tfrecord"), fixture.Index, 300);
        string second = BenchmarkFiles.WriteSynthetic(_temp.File("second.tfrecord"), fixture.Index, 40);
        string store = _temp.File("nasbench.nbstore");
        // The first import stops at its first progress report, holding the store, until the second has been refused.
        using var gate = new ProgressGate();
        var running = Task.Run(() => Runner().SetupAsync(new BenchmarkSetupRequest { Action = "import", File = first }, gate, CancellationToken.None));
        await Task.WhenAny(gate.Holding, running).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(running.IsCompleted, running.Exception?.ToString() ?? "the first setup ended without reporting progress");

        var refused = await Assert.ThrowsAsync<StoreBusyException>(() => Runner().RunAsync(new BenchmarkSetupRequest { Action = "demo" }, new MemorySink(), null, CancellationToken.None));
        Assert.Equal($"The benchmark store {store} is being written by another setup (it holds {store}.lock): wait until that one ends, then try again.", refused.Message);
        Assert.Equal(store, refused.Store);
        Assert.False(running.IsCompleted);
        Assert.False(File.Exists(store));
        Assert.False(Directory.Exists(_temp.File("data")), "the refused demo wrote its file"); // refused before it began

        gate.Release();
        Assert.Equal(300, (await running).Metadata.Cells);
        // Once the first has ended, the second runs.
        var after = await Runner().SetupAsync(new BenchmarkSetupRequest { Action = "import", File = second }, null, CancellationToken.None);
        using var opened = BenchmarkStore.Open(store, fixture.Index);
        Assert.Equal((40, 40), (after.Metadata.Cells, opened.Metadata.Cells));
    }
}

