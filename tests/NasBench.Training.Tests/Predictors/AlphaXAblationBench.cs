using NasBench.Core.Benchmark.Query;
using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
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
    private static async Task<BenchmarkTables?> TablesAsync()
    {
        if (Environment.GetEnvironmentVariable("NASBENCH_ALPHAX_HOME") is not { Length: > 0 } home)
        {
            return null;
        }

        using var provider = new BenchmarkProvider(indexPath: Path.Combine(home, "cells.nbindex"));
        var benchmark = await provider.OpenAsync(new SearchRequest { Store = Path.Combine(home, "nasbench.nbstore") }.Source);
        return benchmark.TablesAt(108);
    }

    /// <summary>How well the default meta-DNN ranks unseen cells after one fit on 100 (AlphaX's first retraining).</summary>
    [Fact]
    public async Task MetaDnn_FittedOn100RandomCells_RanksUnseenCells()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("NASBENCH_ALPHAX_BENCH"), out _) || await TablesAsync() is not { } tables)
        {
            return;
        }

        var random = new Random(0);
        var cells = Enumerable.Range(0, 2100).Select(_ => SearchSamplingCell(random)).ToList();
        foreach (var (name, options) in new[] { ("reference", NeuralPredictorOptions.AlphaXMetaDnn), ("reference, 200 epochs", NeuralPredictorOptions.AlphaXMetaDnn with { Epochs = 200 }) })
        {
            using var predictor = new NeuralPredictor(options, 1);
            predictor.Fit([.. cells.Take(100).Select(c => tables.Space.Cell(c))], [.. cells.Take(100).Select(tables.MeanValidation)]);
            var unseen = cells.Skip(100).ToList();
            var predicted = new double[unseen.Count];
            predictor.Predict(unseen.Select(c => tables.Space.Cell(c)).ToArray(), predicted);
            var r = NasBench.Core.Statistics.Correlation.Compute(predicted, [.. unseen.Select(tables.MeanValidation)], bootstrapSamples: 100);
            output.WriteLine(FormattableString.Invariant($"meta-DNN ({name}) on 2000 unseen raw-sampled cells: Spearman {r.Spearman.R:F3}, Kendall {r.Kendall.R:F3}; predictions {predicted.Min():F3}..{predicted.Max():F3}"));
        }

        int SearchSamplingCell(Random r)
        {
            CellSampler.RandomRaw(r, out var pruned);
            return tables.Space.IndexOfPruned(pruned);
        }
    }

    [Fact]
    public async Task Variants_150Queries_FinalRegrets()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("NASBENCH_ALPHAX_BENCH"), out int runs) || await TablesAsync() is not { } tables)
        {
            return;
        }

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
