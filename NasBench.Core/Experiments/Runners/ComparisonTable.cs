using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;
using NasBench.Core.Search;
using NasBench.Core.Statistics;

namespace NasBench.Core.Experiments.Runners;

/// <summary>One algorithm's line of the comparison table: final test error of the incumbent over the runs.</summary>
public sealed record ComparisonRow(string Algorithm, int Runs, double MeanTestError, double CiLow, double CiHigh, double MedianTestError, double MeanRegret, double Rank);

/// <summary>One pair of algorithms: two-sided Mann–Whitney U on the final test errors, p Holm-corrected over all pairs.</summary>
public sealed record ComparisonPair(string A, string B, double U, double P, double HolmP);

/// <summary>
/// The table of a comparison (comparison.csv, comparison_pairs.csv, comparison.tex): per algorithm the mean final
/// test error of the incumbent (1 − its mean-of-3 test accuracy) ± the 95 % t interval, the median, the mean regret and
/// the rank of the mean (1 = best, ties averaged); per pair a Mann–Whitney test, Holm-corrected.
/// </summary>
public static class ComparisonTable
{
    /// <summary>Rows and pairs of the finished runs (one array of runs per algorithm).</summary>
    public static (IReadOnlyList<ComparisonRow> Rows, IReadOnlyList<ComparisonPair> Pairs) Compute(IReadOnlyList<SearchResult[]> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var errors = runs.Where(r => r.Length > 0).Select(r => (Name: r[0].Algorithm, Errors: r.Select(x => 1 - x.Final.IncumbentMeanTestAccuracy).ToArray(),
            Regret: r.Average(x => x.Final.TestRegret))).ToList();
        var means = errors.Select(e => e.Errors.Average()).ToArray();
        var rows = errors.Select((e, i) =>
        {
            int n = e.Errors.Length;
            double sd = n > 1 ? Math.Sqrt(e.Errors.Sum(x => (x - means[i]) * (x - means[i])) / (n - 1)) : double.NaN;
            double half = n > 1 ? StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n) : double.NaN;
            double rank = 1 + means.Count(m => m < means[i]) + ((means.Count(m => m == means[i]) - 1) / 2.0);
            return new ComparisonRow(e.Name, n, means[i], means[i] - half, means[i] + half, SearchAggregation.Percentile([.. e.Errors.Order()], 0.5), e.Regret, rank);
        }).ToList();
        var raw = new List<(string A, string B, double U, double P)>();
        for (int a = 0; a < errors.Count; a++)
        {
            for (int b = a + 1; b < errors.Count; b++)
            {
                var (u, p, _) = MannWhitney.Test(errors[a].Errors, errors[b].Errors);
                raw.Add((errors[a].Name, errors[b].Name, u, p));
            }
        }

        var holm = MultipleTesting.Holm([.. raw.Select(r => r.P)]);
        return (rows, [.. raw.Select((r, i) => new ComparisonPair(r.A, r.B, r.U, r.P, holm[i]))]);
    }

    /// <summary>comparison.csv: one line per algorithm.</summary>
    public static string Csv(IReadOnlyList<ComparisonRow> rows, string protocol, bool synthetic)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("algorithm,runs,mean_test_error,ci95_low,ci95_high,median_test_error,mean_regret,rank,protocol,data\n");
        foreach (var r in rows)
        {
            text.Append(Inv($"{r.Algorithm},{r.Runs},{r.MeanTestError:R},{r.CiLow:R},{r.CiHigh:R},{r.MedianTestError:R},{r.MeanRegret:R},{r.Rank:R},{protocol},{(synthetic ? "synthetic" : "real")}\n"));
        }

        return text.ToString();
    }

    /// <summary>comparison_pairs.csv: one line per pair.</summary>
    public static string PairsCsv(IReadOnlyList<ComparisonPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var text = new StringBuilder("algorithm_a,algorithm_b,mann_whitney_u,p,p_holm,significant_at_0.05\n");
        foreach (var p in pairs)
        {
            text.Append(Inv($"{p.A},{p.B},{p.U:R},{p.P:R},{p.HolmP:R},{(p.HolmP < 0.05 ? "yes" : "no")}\n"));
        }

        return text.ToString();
    }

    /// <summary>comparison.tex: a booktabs table, errors in percent, the caption naming the protocol and the data.</summary>
    public static string Latex(IReadOnlyList<ComparisonRow> rows, string caption)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("\\begin{table}\n\\centering\n\\begin{tabular}{lrrrrr}\n\\toprule\n");
        text.Append("Algorithm & Runs & Test error (\\%) & Median (\\%) & Regret & Rank \\\\\n\\midrule\n");
        foreach (var r in rows.OrderBy(r => r.Rank))
        {
            text.Append(Inv($"{Escape(r.Algorithm)} & {r.Runs} & {100 * r.MeanTestError:F2} $\\pm$ {100 * (r.CiHigh - r.MeanTestError):F2} & {100 * r.MedianTestError:F2} & {r.MeanRegret:G3} & {r.Rank:0.#} \\\\\n"));
        }

        text.Append("\\bottomrule\n\\end{tabular}\n\\caption{").Append(Escape(caption)).Append(" Mean test error of the final incumbent $\\pm$ the 95\\,\\% confidence interval; pairwise Mann--Whitney tests, Holm-corrected, in comparison\\_pairs.csv.}\n\\end{table}\n");
        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("\\", "\\textbackslash{}", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("&", "\\&", StringComparison.Ordinal).Replace("#", "\\#", StringComparison.Ordinal);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
