using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Experiments;

/// <summary>
/// An open benchmark as experiments see it: the data, the search tables per epoch budget, how to describe it, and
/// the notes every result carries (SYNTHETIC, part of the space). Owned by the <see cref="BenchmarkProvider"/>.
/// </summary>
public sealed class OpenBenchmark : IDisposable
{
    private readonly Dictionary<int, BenchmarkTables> _tables = [];
    private readonly Lock _gate = new();

    internal OpenBenchmark(BenchmarkSource source, IBenchmarkData data, string? sourceFile, string? sha256)
    {
        Source = source;
        Data = data;
        SourceFile = sourceFile;
        Sha256 = sha256;
    }

    /// <summary>Where the data came from: a store path, a records CSV or a synthetic seed.</summary>
    public BenchmarkSource Source { get; }

    /// <summary>The benchmark results the searches and studies query.</summary>
    public IBenchmarkData Data { get; }

    /// <summary>The official-format file the store was imported from (null for in-memory data).</summary>
    public string? SourceFile { get; }

    /// <summary>SHA-256 of that file (null for in-memory data).</summary>
    public string? Sha256 { get; }

    /// <summary>
    /// True when the results are the synthetic generator's, not NAS-Bench-101's: outputs are labelled SYNTHETIC.
    /// </summary>
    public bool IsSynthetic => Data.IsSynthetic;

    /// <summary>True when every cell of the space is held.</summary>
    public bool IsComplete => Data.CellIndices.Count == Data.Space.Count;

    /// <summary>The search tables at the final budget (108 epochs).</summary>
    public BenchmarkTables Tables => TablesAt(BenchmarkTables.SearchEpochs);

    /// <summary>The search tables at one epoch budget (built once, a second or so for the full space).</summary>
    public BenchmarkTables TablesAt(int epochs)
    {
        if (!Data.Epochs.Contains(epochs))
        {
            throw new RequestValidationException([new RequestError("epochs",
                $"--epochs {epochs}: the benchmark holds {string.Join(", ", Data.Epochs)} epochs only.")]);
        }

        lock (_gate)
        {
            if (!_tables.TryGetValue(epochs, out var tables))
            {
                _tables[epochs] = tables = new BenchmarkTables(Data, epochs);
            }

            return tables;
        }
    }

    /// <summary>"synthetic …" or "real …", with how much of the space the benchmark holds and its best mean test accuracy.</summary>
    public string Describe() =>
        $"{(IsSynthetic ? "SYNTHETIC (generated, not NAS-Bench-101 results)" : "real NAS-Bench-101 data")}, {Data.CellIndices.Count:N0} of {Data.Space.Count:N0} cells, best mean test accuracy {Tables.BestMeanTestAccuracy:R}";

    /// <summary>"real" or "SYNTHETIC": the tag every figure title and table line carries.</summary>
    public string Tag => IsSynthetic ? "SYNTHETIC" : "real";

    /// <summary>Closes the store (memory-mapped metrics) when the data is one; the provider calls it.</summary>
    public void Dispose() => (Data as IDisposable)?.Dispose();

    /// <summary>The notes every result of this benchmark carries.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            var notes = new List<string>();
            if (IsSynthetic)
            {
                notes.Add("The benchmark is SYNTHETIC (generated), not the official NAS-Bench-101 results.");
            }

            if (!IsComplete)
            {
                notes.Add($"The benchmark holds {Data.CellIndices.Count:N0} of {Data.Space.Count:N0} cells: samplers draw only its cells (--restrict-to-store), and random search samples uniformly over them unless --sampler raw is given.");
            }

            return notes;
        }
    }
}

/// <summary>
/// Opens, caches and disposes benchmarks and the cell index for every experiment of a process: the CLI makes one per
/// command, the lab server one per worker. The partial-store policy and the synthetic label are decided here, once.
/// </summary>
/// <remarks>
/// <code>
/// space = CellIndex at dataDirectory/cells.nbindex, built and saved the first time (a few seconds), loaded once
/// OpenAsync(source): cached by source key; store → BenchmarkStore.Open; records → the CSV in memory;
/// synthetic seed → the same benchmark `nasbench data synth --seed S` writes, generated in memory
/// </code>
/// </remarks>
public sealed class BenchmarkProvider : IDisposable
{
    private static readonly Lock SharedGate = new();
    private static readonly Dictionary<string, Lazy<CellIndex>> Shared = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<OpenBenchmark>> _open = [];
    private readonly string _indexPath;
    private CellIndex? _space;
    private bool _disposed;

    /// <param name="space">An enumeration already in memory (tests, hosts that hold one); null loads the data folder's.</param>
    /// <param name="indexPath">The cell index file; null is the data folder's (<see cref="NasBenchPaths.CellIndexPath"/>).</param>
    public BenchmarkProvider(CellIndex? space = null, string? indexPath = null)
    {
        _space = space;
        _indexPath = indexPath ?? NasBenchPaths.CellIndexPath;
    }

    /// <summary>The enumeration of the space (loaded or built once; reports on <paramref name="progress"/> when it has to build it).</summary>
    public CellIndex Space(IProgress<ExperimentProgress>? progress = null)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _space ??= SharedSpace(_indexPath, progress);
        }
    }

    /// <summary>
    /// The cell index at <paramref name="indexPath"/>, loaded (or enumerated and saved) once per process: it is
    /// immutable derived data, and providers that start at the same time must not build and save the same file twice.
    /// </summary>
    public static CellIndex SharedSpace(string indexPath, IProgress<ExperimentProgress>? progress = null)
    {
        string key = Path.GetFullPath(indexPath);
        Lazy<CellIndex> lazy;
        lock (SharedGate)
        {
            if (!Shared.TryGetValue(key, out lazy!))
            {
                Shared[key] = lazy = new Lazy<CellIndex>(() =>
                {
                    if (!File.Exists(key))
                    {
                        progress?.Report(new ExperimentProgress(0, $"enumerating the search space once (saved to {key}) …"));
                    }

                    return CellIndex.LoadOrBuild(key);
                });
            }
        }

        return lazy.Value;
    }

    /// <summary>Uses an enumeration already in memory for <paramref name="indexPath"/> (tests, hosts that hold one).</summary>
    public static void ShareSpace(string indexPath, CellIndex space)
    {
        lock (SharedGate)
        {
            Shared[Path.GetFullPath(indexPath)] = new Lazy<CellIndex>(space);
        }
    }

    /// <summary>Opens the benchmark a source names (once per source; later calls share it).</summary>
    public Task<OpenBenchmark> OpenAsync(BenchmarkSource source, IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Task<OpenBenchmark> task;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            string key = source.Key;
            if (!_open.TryGetValue(key, out task!) || task.IsFaulted || task.IsCanceled)
            {
                _open[key] = task = Task.Run(() => Open(source, progress, cancellationToken), cancellationToken);
            }
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the cached benchmark of <paramref name="source"/> (its store was replaced): the next
    /// <see cref="OpenAsync"/> opens the file anew. Runs that hold the old one keep it until they end.</summary>
    public void Forget(BenchmarkSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            _open.Remove(source.Key);
        }
    }

    /// <summary>The message of a missing store: how to get one.</summary>
    public static string MissingStoreMessage(string path) =>
        $"No benchmark store at '{path}'. Get one with `nasbench data download --variant only108` (the official file, ~499 MB), " +
        "or import a file you have with `nasbench data import FILE` (or make a synthetic one: `nasbench data synth --out FILE` then import it). " +
        $"Use --store PATH or the {NasBenchPaths.StoreVariable} environment variable for another location.";

    private OpenBenchmark Open(BenchmarkSource source, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var space = Space(progress);
        if (source.SyntheticSeed is { } seed)
        {
            progress?.Report(new ExperimentProgress(0, $"generating the SYNTHETIC benchmark (seed {seed}) …"));
            return new OpenBenchmark(source, InMemoryBenchmarkData.Synthetic(space, seed), null, null);
        }

        if (source.Records is { } records)
        {
            if (!File.Exists(records))
            {
                throw new RequestValidationException([new RequestError("records", $"--records '{records}' does not exist.")]);
            }

            return new OpenBenchmark(source, InMemoryBenchmarkData.FromRecordsCsv(space, records), records, null);
        }

        string path = NasBenchPaths.ResolveStore(source.Store);
        if (!File.Exists(path))
        {
            throw new RequestValidationException([new RequestError("store", MissingStoreMessage(path))]);
        }

        BenchmarkStore? store = null;
        try
        {
            store = BenchmarkStore.Open(path, space);
            var open = new OpenBenchmark(source, store, store.Metadata.SourceFile, store.Metadata.SourceSha256);
            store = null;  // owned by the OpenBenchmark from here
            return open;
        }
        finally
        {
            store?.Dispose();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        List<Task<OpenBenchmark>> open;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            open = [.. _open.Values];
            _open.Clear();
        }

        foreach (var task in open)
        {
            if (task.IsCompletedSuccessfully)
            {
                task.Result.Dispose();
            }
        }
    }
}
