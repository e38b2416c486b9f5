using NasBench.Core.Progress;
using System.Diagnostics;
using System.Text.Json;
using NasBench.Core.Benchmark.Download;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Experiments.Runners;

/// <summary>
/// Runs <c>benchmark</c> requests (<c>nasbench data setup</c>, <c>data import</c>, <c>data download</c> and the lab's
/// setup experiments): the one implementation of making a store.
/// </summary>
/// <remarks>
/// <code>
/// import FILE:  BenchmarkImporter.Import(FILE → store)                                   progress 0 → 1
/// download V:   DatasetDownloader (FILE.part resumed with Range, SHA-256 checked) → FILE   0 → 0.7
///               then import FILE                                                        0.7 → 1
/// demo:         SyntheticBenchmark.Write(20,000 cells, 108 epochs, seed 1) → a temp file    0 → 0.5
///               then import it and delete it                                            0.5 → 1
/// </code>
/// Nothing is half-written: the importer writes a temporary file and renames it over the store only when it is complete,
/// so a cancel or a crash leaves the previous store (or none) as it was; a download keeps its .part file, so the next run
/// resumes it. A re-run after a crash therefore starts the import again and resumes the download.
/// One setup writes a store at a time: the whole action holds the store's <see cref="StoreLock"/>, and a second setup of
/// the same store (another lab experiment, or <c>nasbench data setup</c> in another process) fails at once with
/// <see cref="StoreBusyException"/>, naming the store; the demo's file is the run's own, in a folder of its own.
/// The time left is the rate so far over the whole action (<see cref="Eta"/>), as every other kind reports it.
/// </remarks>
/// <param name="space">The enumeration of the space (loaded once by the caller).</param>
/// <param name="storePath">The store to write (the lab's default store on the server; --store on the CLI).</param>
/// <param name="dataDirectory">Where downloads and the demo's temporary file go.</param>
public sealed class BenchmarkSetupRunner(Func<CellIndex> space, string storePath, string dataDirectory) : IExperimentRunner
{
    /// <summary>The share of the progress bar a download takes (the import after it takes the rest).</summary>
    private const double DownloadShare = 0.7;

    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Benchmark;

    /// <summary>The HTTP client of downloads; null makes one with a 30-minute timeout per run.</summary>
    public HttpClient? Http { get; init; }

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ImportResult result;
        try
        {
            result = await SetupAsync((BenchmarkSetupRequest)request, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await sink.CompleteAsync(ExperimentOutcome.Cancelled(["Cancelled: the previous store (or none) is unchanged; a download's .part file stays for the next try."]), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var m = result.Metadata;
        await sink.AddArtifactAsync(Artifact.Text("store.json", JsonSerializer.Serialize(new
        {
            store = Path.GetFullPath(result.StorePath), source_file = m.SourceFile, sha256 = m.SourceSha256, synthetic = m.IsSynthetic,
            cells = m.Cells, records = m.RecordCount, epochs = m.Epochs, seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
        }, StoreJson) + "\n"), cancellationToken).ConfigureAwait(false);
        string[] notes = [$"Imported into {Path.GetFullPath(result.StorePath)}: {m.Describe()}", .. m.IsSynthetic ? ["SYNTHETIC: generated values, not NAS-Bench-101's."] : Array.Empty<string>()];
        var outcome = ExperimentOutcome.Succeeded(notes);
        await sink.CompleteAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Does what the request says and returns the import's result; the CLI's <c>data</c> commands call this.</summary>
    public async Task<ImportResult> SetupAsync(BenchmarkSetupRequest request, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.ThrowIfInvalid();
        using var writer = StoreLock.Acquire(storePath);
        var watch = Stopwatch.StartNew();
        switch (request.Action)
        {
            case BenchmarkSetupRequest.Import:
                return await ImportAsync(request.File!, Part(progress, watch, 0, 1, "importing"), cancellationToken).ConfigureAwait(false);
            case BenchmarkSetupRequest.Download:
            {
                string file = await DownloadAsync(request, Part(progress, watch, 0, DownloadShare, null), cancellationToken).ConfigureAwait(false);
                return await ImportAsync(file, Part(progress, watch, DownloadShare, 1 - DownloadShare, "importing"), cancellationToken).ConfigureAwait(false);
            }

            default:
            {
                // A folder per run: the file's name stays the store's source name, and another store's demo cannot touch it.
                string folder = Path.Combine(dataDirectory, $"demo-{Guid.NewGuid():N}");
                Directory.CreateDirectory(folder);
                string file = Path.Combine(folder, "synthetic-demo.tfrecord");
                try
                {
                    var options = new SyntheticBenchmarkOptions(BenchmarkSetupRequest.DemoCells, AllEpochs: false, Seed: BenchmarkSetupRequest.DemoSeed);
                    var writing = Part(progress, watch, 0, 0.5, "writing the SYNTHETIC demo file");
                    await Task.Run(() => SyntheticBenchmark.Write(file, space(), options, writing, cancellationToken), cancellationToken).ConfigureAwait(false);
                    return await ImportAsync(file, Part(progress, watch, 0.5, 0.5, "importing"), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    private Task<ImportResult> ImportAsync(string file, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken) =>
        Task.Run(() => BenchmarkImporter.Import(file, storePath, space(), progress, cancellationToken), cancellationToken);

    private async Task<string> DownloadAsync(BenchmarkSetupRequest request, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        var source = DatasetSource.Resolve(request.Variant);
        source = source with { Url = request.Url is { } url ? new Uri(url) : source.Url, Sha256 = request.Sha256?.ToLowerInvariant() ?? source.Sha256 };
        using var owned = Http is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(30) } : null;
        return await new DatasetDownloader(Http ?? owned!).DownloadAsync(source, dataDirectory, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A phase's progress on its share [offset, offset + scale] of the whole, with the whole's time left.</summary>
    private static PartProgress? Part(IProgress<ExperimentProgress>? progress, Stopwatch watch, double offset, double scale, string? what) =>
        progress is null ? null : new PartProgress(p =>
        {
            double fraction = offset + (scale * Math.Clamp(p.Fraction, 0, 1));
            string message = what is null || p.Message.StartsWith(what, StringComparison.Ordinal) ? p.Message : $"{what}: {p.Message}";
            progress.Report(new ExperimentProgress(fraction, message) { Remaining = Eta.Remaining(fraction, watch.Elapsed) });
        });

    private static readonly JsonSerializerOptions StoreJson = new() { WriteIndented = true };

    /// <summary>Reports synchronously on the reporting thread (<see cref="Progress{T}"/> would post to a captured context).</summary>
    private sealed class PartProgress(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }
}
