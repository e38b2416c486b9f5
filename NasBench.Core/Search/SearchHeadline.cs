using NasBench.Core.Presentation;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;
using NasBench.Core.Statistics;

namespace NasBench.Core.Search;

/// <summary>One algorithm's result when its budget ran out: final test regret and accuracy over runs, and the best cells found.</summary>
/// <param name="Algorithm">The algorithm's name.</param>
/// <param name="Regret">Final test regret over runs (mean, 95 % CI, median, n).</param>
/// <param name="Accuracy">Final incumbent mean test accuracy over runs.</param>
/// <param name="BestCells">The distinct final incumbents, best mean test accuracy first (at most 5), with how many runs ended on each.</param>
public sealed record AlgorithmHeadline(string Algorithm, SampleSummary Regret, SampleSummary Accuracy, IReadOnlyList<(CellHash Hash, double Accuracy, int Runs)> BestCells);

/// <summary>One run's last point, a row of the runs table.</summary>
/// <param name="Algorithm">The algorithm's name.</param>
/// <param name="Seed">The seed the CSV shows (configuration seed + run).</param>
/// <param name="Run">The run's index.</param>
/// <param name="Final">The run's last trajectory point.</param>
public sealed record RunRow(string Algorithm, int Seed, int Run, SearchProgress Final);

/// <summary>
/// The headline of a search or comparison: what a researcher came for, per algorithm, and the runs behind it. One
/// source for the experiment page, its CSV and LaTeX downloads, so the three cannot disagree.
/// </summary>
public static class SearchHeadline
{
    /// <summary>Per algorithm (one list of runs each) the summaries of its final points.</summary>
    public static IReadOnlyList<AlgorithmHeadline> Of(IEnumerable<IReadOnlyList<SearchResult>> algorithms)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        return [.. algorithms.Where(a => a.Count > 0).Select(runs => new AlgorithmHeadline(
            runs[0].Algorithm,
            SampleSummary.Of(runs.Select(r => r.Final.TestRegret)),
            SampleSummary.Of(runs.Select(r => r.Final.IncumbentMeanTestAccuracy)),
            [.. runs.GroupBy(r => r.Final.IncumbentHash).Select(g => (g.Key, g.First().Final.IncumbentMeanTestAccuracy, g.Count()))
                .OrderByDescending(c => c.Item2).Take(5)]))];
    }

    /// <summary>One row per run, in algorithm then run order.</summary>
    public static IReadOnlyList<RunRow> Runs(IEnumerable<IReadOnlyList<SearchResult>> algorithms)
    {
        ArgumentNullException.ThrowIfNull(algorithms);
        return [.. algorithms.SelectMany(a => a).Select(r => new RunRow(r.Algorithm, r.RunSeed, r.Run, r.Final))];
    }

    /// <summary>The headline as a paper table: numbers at full precision (the LaTeX writer rounds to 4 decimals).</summary>
    public static PaperTable Table(IReadOnlyList<AlgorithmHeadline> headline, string caption)
    {
        ArgumentNullException.ThrowIfNull(headline);
        return new PaperTable(caption,
            ["algorithm", "n", "regret mean", "regret CI low", "regret CI high", "regret median", "accuracy mean", "accuracy CI low", "accuracy CI high", "accuracy median"],
            [.. headline.Select(h => new PaperRow(h.Algorithm,
                [h.Regret.N, h.Regret.Mean, h.Regret.CiLow, h.Regret.CiHigh, h.Regret.Median, h.Accuracy.Mean, h.Accuracy.CiLow, h.Accuracy.CiHigh, h.Accuracy.Median]))]);
    }
}
