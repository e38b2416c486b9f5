using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NasBench.Cli.Terminal;
using NasBench.Core.Benchmark;
using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Cli.Commands;

public static partial class SearchCommands
{
    /// <summary>
    /// `nasbench search bench`: queries per second inside each algorithm on one core, and the wall time of the
    /// paper's comparison (4 algorithms × 10 runs to 5e6 simulated seconds) on all cores.
    /// </summary>
    private static Command Bench()
    {
        var source = new BenchmarkSourceOptions();
        var scale = new Option<double>("--scale") { Description = "Multiplies the query budgets (1 = 3M random, 1.5M evolution, 0.6M tree and local, 1M random without replacement, SH and Hyperband, 20k BOHB, 300k REINFORCE, 100k TPE, 1k SMAC: its forest is refitted every query, so its rate falls as a run grows).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("bench", "Measure search speed (defaults to the full-size synthetic benchmark).") { scale };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var tables = source.Load(parse, syntheticByDefault: true);
            double factor = parse.GetValue(scale);
            if (!(factor > 0 && factor <= 100))
            {
                throw new CliException($"--scale must be a positive number up to 100 (got {factor}).");
            }

            bool restrict = !tables.IsComplete;
            (SearchAlgorithmOptions Options, long Queries)[] cases =
            [
                (new RandomSearchOptions { RestrictToStore = restrict }, 3_000_000),
                (new RandomSearchOptions { Sampler = CellDistribution.Uniform, RestrictToStore = restrict }, 3_000_000),
                (new EvolutionSearchOptions { RestrictToStore = restrict }, 1_500_000),
                (new TreeSearchOptions { RestrictToStore = restrict }, 600_000),
                (new LocalSearchOptions { RestrictToStore = restrict }, 600_000),
                (new RandomSearchOptions { WithoutReplacement = true, RestrictToStore = restrict }, 1_000_000),
                (new HyperbandSearchOptions { SuccessiveHalving = true, RestrictToStore = restrict }, 1_000_000),
                (new HyperbandSearchOptions { RestrictToStore = restrict }, 1_000_000),
                (new BohbSearchOptions { RestrictToStore = restrict }, 20_000),
                (new ReinforceSearchOptions { RestrictToStore = restrict }, 300_000),
                (new TpeSearchOptions { RestrictToStore = restrict }, 100_000),
                (new SmacSearchOptions { RestrictToStore = restrict }, 1_000),
            ];
            output.WriteLine($"benchmark: {BenchmarkSourceOptions.Describe(tables)}");
            output.WriteLine($"{"algorithm",-18} {"queries",10} {"seconds",8} {"queries/s (1 core)",20} {"bytes/query",12}");
            bool allBudgets = EpochBudgets.Valid.All(tables.Data.Epochs.Contains);
            foreach (var (options, queries) in cases)
            {
                if (options is HyperbandSearchOptions or BohbSearchOptions && !allBudgets)
                {
                    // Multi-fidelity searches query 4, 12 and 36 epochs too: a 108-only benchmark (--synthetic) cannot run them.
                    output.WriteLine($"{options.Name,-18} skipped: the benchmark holds {string.Join("/", tables.Data.Epochs)} epochs, not all of {string.Join("/", EpochBudgets.Valid)} (use --store with a full file)");
                    continue;
                }

                var config = new SearchConfiguration(options, SearchBudget.OfQueries(Math.Max(1000, (long)(queries * factor))), SearchProtocol.NasBench101, 1);
                SearchRunner.Run(config with { Budget = SearchBudget.OfQueries(Math.Min(20_000, queries)) }, tables);  // warm-up (JIT)
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                var result = SearchRunner.Run(config, tables);
                double seconds = clock.Elapsed.TotalSeconds;
                double bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / result.Final.Step;
                string name = options is RandomSearchOptions r ? $"random ({(CellDistributions.Resolve(r.Sampler, tables.IsComplete) == CellDistribution.Raw ? "raw" : "uniform")}{(r.WithoutReplacement ? ", no repeats" : "")})" : options.Name;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-18} {result.Final.Step,10:N0} {seconds,8:F2} {result.Final.Step / seconds,20:N0} {bytes,12:F1}  {BenchmarkSourceOptions.Tag(tables)}"));
            }

            var compare = cases.Take(5).Where((c, i) => i != 1)
                .Select(c => new SearchConfiguration(c.Options, SearchBudget.OfSimulatedSeconds(5e6), SearchProtocol.NasBench101, 0)).ToList();
            var wall = Stopwatch.StartNew();
            var results = SearchRunner.RunAll(compare, tables, 10);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"compare: 4 algorithms × 10 runs to 5e6 simulated s in {wall.Elapsed.TotalSeconds:F2} s wall on {Environment.ProcessorCount} cores ({results.Sum(r => r.Sum(x => x.Final.Step)):N0} queries)  {BenchmarkSourceOptions.Tag(tables)}"));
            return 0;
        });
        return command;
    }
}
