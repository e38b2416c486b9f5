using System.Globalization;
using System.Text;
using System.Text.Json;
using NasBench.Core.SearchSpace;
using NasBench.Core.Statistics;
using NasBench.Core.Studies.Distance;
using NasBench.Core.Studies.PerformantCells;

namespace NasBench.Core.Experiments.Runners;

/// <summary>The tables of the studies: the text the CLI prints and the CSV/JSON files, from one place.</summary>
public static class StudyTables
{
    /// <summary>
    /// The distance study's summary: accuracy difference against edit distance, binned, with the correlation.
    /// </summary>
    public static string Distance(DistanceStudyResult result, DistanceStudyOptions options, OpenBenchmark benchmark)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(benchmark);
        var w = new StringBuilder();
        string tag = benchmark.Tag;
        w.Append(Inv($"benchmark: {benchmark.Describe()}\n"));
        w.Append(Inv($"{options.Pairs} pairs, sampler {CellDistributions.Name(result.Sampler)}, seed {options.Seed}; accuracy = mean validation accuracy over 3 repeats  [{tag}]\n"));
        w.Append(Inv($"{"distance",-8} {"pearson r",10} {"p",10} {"spearman r",11} {"p",10} {"kendall tau",12} {"p",10}\n"));
        foreach (var d in result.Distances)
        {
            var c = d.Correlation;
            w.Append(Inv($"{d.Distance,-8} {c.Pearson.R,10:F4} {c.Pearson.P,10:G3} {c.Spearman.R,11:F4} {c.Spearman.P,10:G3} {c.Kendall.R,12:F4} {c.Kendall.P,10:G3}\n"));
        }

        foreach (var d in result.Distances)
        {
            w.Append(Inv($"mean |Δ accuracy| by {d.Distance} distance  [{tag}]\n"));
            foreach (var bin in d.Bins)
            {
                w.Append(Inv($"  {bin.Distance,4} {bin.Pairs,6} pairs  {bin.MeanAbsoluteDelta:F5}\n"));
            }
        }

        return w.ToString();
    }

    /// <summary>distance.csv: one row per pair, its three distances and |Δ mean validation accuracy|.</summary>
    public static string DistancePairs(DistanceStudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow([.. new[] { "pair" }.Concat(result.Distances.Select(d => d.Distance + "_distance")).Append("abs_delta_mean_validation_accuracy")]);
        for (int i = 0; i < result.AbsoluteDeltas.Count; i++)
        {
            csv.WriteRow([.. new[] { Inv($"{i}") }.Concat(result.Distances.Select(d => Inv($"{d.Values[i]}"))).Append(Inv($"{result.AbsoluteDeltas[i]:R}"))]);
        }

        return text.ToString();
    }

    /// <summary>The features that can be tested (present in some cells but not all), in feature order.</summary>
    public static IEnumerable<FeatureFrequency> Testable(PerformantCellsResult result) =>
        (result ?? throw new ArgumentNullException(nameof(result))).Features.Where(f => !double.IsNaN(f.P));

    /// <summary>
    /// The performant-cells study's summary: how often each feature appears in top cells against all cells.
    /// </summary>
    public static string Cells(PerformantCellsResult result, OpenBenchmark benchmark)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(benchmark);
        var w = new StringBuilder();
        w.Append(Inv($"benchmark: {benchmark.Describe()}\n"));
        w.Append(Inv($"{result.Performant:N0} of {result.All:N0} cells have mean {(result.Options.UseTestAccuracy ? "test" : "validation")} accuracy > {result.Options.Threshold}  [{benchmark.Tag}]\n"));
        w.Append(Inv($"{"feature",-28} {"performant",11} {"all",8} {"chi²",10} {"p",10} {"q (BH)",10}\n"));
        foreach (var f in Testable(result))
        {
            w.Append(Inv($"{f.Feature,-28} {f.PerformantFrequency,11:P1} {f.AllFrequency,8:P1} {f.ChiSquare,10:F2} {f.P,10:G3} {f.Q,10:G3}\n"));
        }

        return w.ToString();
    }

    /// <summary>The feature frequencies as CSV, one row per feature.</summary>
    public static string FeaturesCsv(PerformantCellsResult result)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow("feature", "performant_count", "performant_frequency", "all_count", "all_frequency", "chi_square", "p", "q_bh");
        foreach (var f in Testable(result))
        {
            csv.WriteRow(f.Feature, Inv($"{f.PerformantCount}"), Inv($"{f.PerformantFrequency:R}"), Inv($"{f.AllCount}"), Inv($"{f.AllFrequency:R}"), Inv($"{f.ChiSquare:R}"), Inv($"{f.P:R}"), Inv($"{f.Q:R}"));
        }

        return text.ToString();
    }

    /// <summary>The correlation table: r, p and the bootstrap 95 % CI for Pearson, Spearman and Kendall.</summary>
    public static string Coefficients(CorrelationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var w = new StringBuilder();
        w.Append(Inv($"{"method",-9} {"r",9} {"p",11} {"95 % CI (bootstrap)",22}\n"));
        foreach (var (name, c) in new[] { ("pearson", r.Pearson), ("spearman", r.Spearman), ("kendall", r.Kendall) })
        {
            w.Append(Inv($"{name,-9} {c.R,9:F4} {c.P,11:G4} {$"[{c.CiLow:F4}, {c.CiHigh:F4}]",22}\n"));
        }

        return w.ToString();
    }

    /// <summary>One JSON object: n and r, p, ci_low, ci_high of each coefficient (null where undefined).</summary>
    public static string CorrelationJson(CorrelationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        static Dictionary<string, double?> Of(CorrelationCoefficient c) => new()
        {
            ["r"] = Finite(c.R),
            ["p"] = Finite(c.P),
            ["ci_low"] = Finite(c.CiLow),
            ["ci_high"] = Finite(c.CiHigh),
        };
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["n"] = r.N,
            ["pearson"] = Of(r.Pearson),
            ["spearman"] = Of(r.Spearman),
            ["kendall"] = Of(r.Kendall),
        }, ResultJson.Options);
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
