using System.CommandLine;
using System.Diagnostics;
using NasBench.Cli.Terminal;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark;
using NasBench.Core.Experiments;
using NasBench.Core.Search;

namespace NasBench.Cli.Commands;

/// <summary>
/// Where search and study commands get their benchmark: <c>--store PATH</c> (the imported store), <c>--records FILE</c>
/// (complete 108-epoch records in the layout of records_30_models_108.csv) or <c>--synthetic</c> (generated in memory).
/// </summary>
internal sealed class BenchmarkSourceOptions
{
    public Option<string?> Store { get; } = StoreLocator.CreateOption();

    public Option<bool> Synthetic { get; } = new("--synthetic") { Description = "Use a full-size SYNTHETIC benchmark generated in memory (all output says so)." };

    public Option<int> SyntheticSeed { get; } = new("--synthetic-seed") { Description = "Seed of the synthetic benchmark (the same benchmark `data synth --seed` writes).", DefaultValueFactory = _ => 0 };

    public Option<string?> Records { get; } = new("--records") { Description = "A CSV of complete 108-epoch records (hash, repeat, adjacency, operations, …) held in memory." };

    public void AddTo(Command command)
    {
        command.Options.Add(Store);
        command.Options.Add(Synthetic);
        command.Options.Add(SyntheticSeed);
        command.Options.Add(Records);
    }

    /// <summary>The benchmark options of a request, from the parsed options.</summary>
    public T Fill<T>(ParseResult parse, T request)
        where T : BenchmarkRequest => request with
        {
            Store = parse.GetValue(Store),
            Records = parse.GetValue(Records),
            Synthetic = parse.GetValue(Synthetic),
            SyntheticSeed = parse.GetValue(SyntheticSeed),
        };

    /// <summary>Opens the benchmark and builds the search tables, reporting what was loaded on stderr (speed tests).</summary>
    public BenchmarkTables Load(ParseResult parse, bool syntheticByDefault = false)
    {
        var error = parse.InvocationConfiguration.Error;
        string? store = parse.GetValue(Store);
        string? records = parse.GetValue(Records);
        bool synthetic = parse.GetValue(Synthetic) || (syntheticByDefault && store is null && records is null);
        if ((store is not null ? 1 : 0) + (records is not null ? 1 : 0) + (synthetic ? 1 : 0) > 1)
        {
            throw new CliException("Give only one of --store, --records and --synthetic.");
        }

        var clock = Stopwatch.StartNew();
        IBenchmarkData data;
        if (store is null && records is null && !synthetic)
        {
            data = StoreLocator.Open(null);
        }
        else if (store is not null)
        {
            data = StoreLocator.Open(store);
        }
        else
        {
            var space = StoreLocator.LoadSpace(error);
            data = synthetic
                ? InMemoryBenchmarkData.Synthetic(space, parse.GetValue(SyntheticSeed))
                : InMemoryBenchmarkData.FromRecordsCsv(space, records!);
        }

        var tables = new BenchmarkTables(data);
        error.WriteLine($"benchmark: {Describe(tables)} (ready in {clock.Elapsed.TotalSeconds:F1} s)");
        return tables;
    }

    /// <summary>"SYNTHETIC …" or "real …", with how much of the space the benchmark holds.</summary>
    public static string Describe(BenchmarkTables tables) =>
        $"{(tables.IsSynthetic ? "SYNTHETIC (generated, not NAS-Bench-101 results)" : "real NAS-Bench-101 data")}, {tables.Held.Count:N0} of {tables.Space.Count:N0} cells, best mean test accuracy {tables.BestMeanTestAccuracy:R}";

    public static string Tag(BenchmarkTables tables) => tables.IsSynthetic ? "SYNTHETIC" : "real";
}
