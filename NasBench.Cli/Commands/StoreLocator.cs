using System.CommandLine;
using NasBench.Cli.Terminal;
using NasBench.Core.Progress;
using NasBench.Core;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Experiments;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>The `--store PATH` option and how commands open the benchmark store and the cell index.</summary>
public static class StoreLocator
{
    public static Option<string?> CreateOption() => new("--store")
    {
        Description = "Path of the benchmark store (default: NASBENCH_STORE, else \"store\" in nasbench.json, else nasbench.nbstore in the per-user data folder).",
    };

    /// <summary>The store path: the option when given, else the default location.</summary>
    public static string Resolve(string? path) => NasBenchPaths.ResolveStore(path);

    public static IBenchmarkData Open(string? path) => OpenStore(path);

    /// <summary>Opens the store; a missing store gives a message that says how to get one.</summary>
    public static BenchmarkStore OpenStore(string? path)
    {
        string store = Resolve(path);
        return File.Exists(store) ? BenchmarkStore.Open(store, LoadSpace()) : throw new CliException(BenchmarkProvider.MissingStoreMessage(store));
    }

    /// <summary>Uses an already enumerated space instead of the data folder's index (tests, hosts that hold one).</summary>
    internal static void UseSpace(CellIndex space) => BenchmarkProvider.ShareSpace(NasBenchPaths.CellIndexPath, space);

    /// <summary>The enumeration of the space from the data folder, loaded (or built and saved, a few seconds) once per process.</summary>
    public static CellIndex LoadSpace(TextWriter? progress = null) =>
        BenchmarkProvider.SharedSpace(NasBenchPaths.CellIndexPath, progress is null ? null : new Reporter(progress));

    private sealed class Reporter(TextWriter writer) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => writer.WriteLine(value.Message);
    }
}
