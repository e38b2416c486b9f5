using System.CommandLine;
using NasBench.Core;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

/// <summary>The `--store PATH` option and how commands open the benchmark store and the cell index.</summary>
public static class StoreLocator
{
    private static readonly Lock Gate = new();
    private static CellIndex? _space;

    public static Option<string?> CreateOption() => new("--store")
    {
        Description = "Path of the benchmark store (default: NASBENCH_STORE, else \"store\" in nasbench.json, else nasbench.nbstore in the per-user data folder).",
    };

    /// <summary>The store path: the option when given, else the default location.</summary>
    public static string Resolve(string? path) => string.IsNullOrWhiteSpace(path) ? NasBenchPaths.DefaultStorePath : path;

    public static IBenchmarkData Open(string? path) => OpenStore(path);

    /// <summary>Opens the store; a missing store gives a message that says how to get one.</summary>
    public static BenchmarkStore OpenStore(string? path)
    {
        string store = Resolve(path);
        if (!File.Exists(store))
        {
            throw new CliException(
                $"No benchmark store at '{store}'. Get one with `nasbench data download --variant only108` (the official file, ~499 MB), " +
                "or import a file you have with `nasbench data import FILE` (or make a synthetic one: `nasbench data synth --out FILE` then import it). " +
                $"Use --store PATH or the {NasBenchPaths.StoreVariable} environment variable for another location.");
        }

        return BenchmarkStore.Open(store, LoadSpace());
    }

    /// <summary>Uses an already enumerated space instead of the data folder's index (tests, hosts that hold one).</summary>
    internal static void UseSpace(CellIndex space)
    {
        lock (Gate)
        {
            _space = space;
        }
    }

    /// <summary>
    /// The enumeration of the space, loaded from the data folder (built and saved there the first time, a few
    /// seconds) once per process: commands run in parallel in one process (the tests) must not enumerate and save
    /// the same file twice at once.
    /// </summary>
    public static CellIndex LoadSpace(TextWriter? progress = null)
    {
        lock (Gate)
        {
            if (_space is null)
            {
                string path = NasBenchPaths.CellIndexPath;
                if (!File.Exists(path))
                {
                    progress?.WriteLine($"enumerating the search space once (saved to {path}) …");
                }

                _space = CellIndex.LoadOrBuild(path);
            }

            return _space;
        }
    }
}
