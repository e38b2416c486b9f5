using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Training.Predictors;
using Xunit.Abstractions;

namespace NasBench.Training.Tests.Predictors;

/// <summary>
/// A bench, not a test: does nothing unless NASBENCH_ALPHAX_BENCH holds a run count. Then, on the store in the folder
/// NASBENCH_ALPHAX_HOME (nasbench.nbstore and cells.nbindex; the test host replaces NASBENCH_HOME) under the 150-query mean3 protocol, it runs AlphaX with and without its meta-DNN, with the
/// reference's Cp = 2 and a Cp scaled to the accuracies' spread, and prints each variant's final regrets.
/// <code>NASBENCH_ALPHAX_HOME=/work/bench-home NASBENCH_ALPHAX_BENCH=40 dotnet test tests/NasBench.Training.Tests -c Release --filter AlphaXAblationBench --logger "console;verbosity=detailed"</code>
/// </summary>
[Collection(nameof(TrainingCollection))]
public class AlphaXAblationBench(ITestOutputHelper output)
{
    [Fact]
    public async Task Variants_150Queries_FinalRegrets()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("NASBENCH_ALPHAX_BENCH"), out int runs)
            || Environment.GetEnvironmentVariable("NASBENCH_ALPHAX_HOME") is not { Length: > 0 } home)
        {
            return;
        }

        using var provider = new BenchmarkProvider(indexPath: Path.Combine(home, "cells.nbindex"));
        var benchmark = await provider.OpenAsync(new SearchRequest { Store = Path.Combine(home, "nasbench.nbstore") }.Source);
        var tables = benchmark.TablesAt(108);
        var meta = MetaDnnPredictorFactory.Default;
        (string Name, AlphaXSearchOptions Options)[] variants =
        [
            ("Cp 2, meta-DNN", new() { Predictor = meta }),
            ("Cp 2, no rollouts", new() { Predictor = meta, Simulations = 0 }),
            ("Cp 0.005, meta-DNN", new() { Predictor = meta, Exploration = 0.005 }),
            ("Cp 0.005, no rollouts", new() { Predictor = meta, Exploration = 0.005, Simulations = 0 }),
        ];
        foreach (var (name, options) in variants)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var config = new SearchConfiguration(options, SearchBudget.OfQueries(150), SearchProtocol.MeanOfThree, 0);
            var results = SearchRunner.RunAll([config], tables, runs)[0];
            var regrets = results.Select(r => r.Final.TestRegret).ToList();
            double mean = regrets.Average();
            double sd = Math.Sqrt(regrets.Sum(x => (x - mean) * (x - mean)) / (regrets.Count - 1));
            output.WriteLine(FormattableString.Invariant($"{name,-24} runs {runs}  mean regret {mean:F5} ± {1.96 * sd / Math.Sqrt(runs):F5}  median {regrets.Order().ElementAt(runs / 2):F5}  {clock.Elapsed.TotalSeconds / runs:F2} s/run"));
        }
    }
}
