using NasBench.Core;
using NasBench.Core.Benchmark.Download;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.Experiments;
using NasBench.Web.Live;

namespace NasBench.Web.Components.Pages.Home;

/// <summary>
/// The home page's buttons when there is no benchmark: build the SYNTHETIC demo (Core's generator, then the importer —
/// what <c>./run.sh --demo</c> does), import a local file, or try the official download again. One at a time, in the
/// background; its progress and outcome are shown on the home page (the notifier's "any experiment" channel).
/// </summary>
public sealed class BenchmarkSetup(BenchmarkProvider benchmarks, ExperimentNotifier notifier,
    Microsoft.EntityFrameworkCore.IDbContextFactory<Data.LabDbContext> contexts, ILogger<BenchmarkSetup> logger)
{
    /// <summary>Cells of the demo benchmark (as <c>./run.sh --demo</c>): enough for every search and study, built in seconds.</summary>
    public const int DemoCells = 20_000;

    private readonly Lock _gate = new();
    private Task? _task;

    /// <summary>What it is doing or last did (null before the first action).</summary>
    public string? Message { get; private set; }

    public double Fraction { get; private set; }

    public bool Failed { get; private set; }

    public bool Busy => _task is { IsCompleted: false };

    public bool BuildSyntheticDemo() => Start("Building the SYNTHETIC demo benchmark", ct =>
    {
        string file = Path.Combine(NasBenchPaths.DataDirectory, "synthetic-demo.tfrecord");
        var space = benchmarks.Space();
        SyntheticBenchmark.Write(file, space, new SyntheticBenchmarkOptions(DemoCells, AllEpochs: false, Seed: 1), Progress("writing the SYNTHETIC file", 0, 0.5), ct);
        try
        {
            Import(file, space, 0.5, ct);
        }
        finally
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    });

    public bool ImportFile(string path) => Start($"Importing {path}", ct =>
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no file '{path}' on the server.");
        }

        Import(path, benchmarks.Space(), 0, ct);
        return Task.CompletedTask;
    });

    public bool Download(string variant = "only108") => Start($"Downloading the official {variant} file", async ct =>
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        var source = DatasetSource.Resolve(variant);
        var progress = new Progress<NasBench.Core.Progress.ExperimentProgress>(p =>
        {
            Fraction = 0.7 * p.Fraction;
            Message = $"Downloading {source.FileName}: {p.Message}";
            notifier.Notify(ExperimentNotifier.AnyExperiment);
        });
        string file = await new DatasetDownloader(http).DownloadAsync(source, NasBenchPaths.DataDirectory, progress, ct);
        Import(file, benchmarks.Space(), 0.7, ct);
    });

    private void Import(string file, Core.SearchSpace.CellIndex space, double from, CancellationToken ct)
    {
        string store = NasBenchPaths.ResolveStore(null);
        BenchmarkImporter.Import(file, store, space, Progress("importing into the store", from, 1 - from), ct);
    }

    private Progress<NasBench.Core.Progress.ExperimentProgress> Progress(string what, double offset, double scale) => new(p =>
    {
        Fraction = offset + (scale * p.Fraction);
        Message = $"{char.ToUpperInvariant(what[0])}{what[1..]}: {p.Fraction:P0}" + (p.Remaining is { } left ? $", about {Math.Ceiling(left.TotalMinutes):0} min left" : string.Empty);
        notifier.Notify(ExperimentNotifier.AnyExperiment);
    });

    private bool Start(string what, Func<CancellationToken, Task> work)
    {
        lock (_gate)
        {
            if (Busy)
            {
                return false;
            }

            (Message, Fraction, Failed) = (what + "…", 0, false);
            _task = Task.Run(async () =>
            {
                try
                {
                    await work(CancellationToken.None);
                    // The lab's benchmark is this store now: workers started from here on check theirs against it.
                    await Jobs.LabBenchmark.RecordAsync(contexts, BenchmarkInfo.Read().Sha256, replace: true);
                    (Message, Fraction) = ($"{what}: done.", 1);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or HttpRequestException or ArgumentException or UnauthorizedAccessException
                    or TaskCanceledException or NotSupportedException or InvalidOperationException or Core.SearchSpace.OutOfDomainException)
                {
                    logger.LogWarning("{What} failed: {Message}", what, e.Message);
                    (Message, Failed) = ($"{what} failed: {e.Message}", true);
                }

                notifier.Notify(ExperimentNotifier.AnyExperiment);
            });
        }

        notifier.Notify(ExperimentNotifier.AnyExperiment);
        return true;
    }
}
