using System.Globalization;
using System.Text;

namespace NasBench.Core.Studies.Transfer;

/// <summary>One row of a transfer report: a label (the CIFAR-10 budget) and its statistics.</summary>
public sealed record TransferReportRow(string Label, TransferStatisticsResult Statistics);

/// <summary>transfer.txt and transfer.csv: correlations, top-k overlap, regret and the planner, one row per budget.</summary>
public static class TransferReport
{
    /// <summary>The report as text; small samples are said in words, never starred.</summary>
    public static string Format(string x, string y, IReadOnlyList<TransferReportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append(Inv($"Transfer from {x} to {y} (95% percentile-bootstrap CIs; planner: Bonett-Wright interval of Spearman's rho)\n"));
        foreach (var row in rows)
        {
            var s = row.Statistics;
            var c = s.Correlation;
            sb.Append(Inv($"\n{row.Label}: n = {s.N}\n"));
            sb.Append(Inv($"  Pearson r    {c.Pearson.R,6:F3} [{c.Pearson.CiLow:F3}, {c.Pearson.CiHigh:F3}]\n"));
            sb.Append(Inv($"  Spearman rho {c.Spearman.R,6:F3} [{c.Spearman.CiLow:F3}, {c.Spearman.CiHigh:F3}]\n"));
            sb.Append(Inv($"  Kendall tau  {c.Kendall.R,6:F3} [{c.Kendall.CiLow:F3}, {c.Kendall.CiHigh:F3}]\n"));
            foreach (var o in s.Overlaps)
            {
                sb.Append(Inv($"  top {o.Fraction * 100,2:F0}% overlap (k = {o.K,3}) {o.Overlap,6:P0} [{o.CiLow:P0}, {o.CiHigh:P0}]   unrelated rankings would give {o.Chance:P0}\n"));
            }

            sb.Append(Inv($"  transfer regret: the best {x} cell is {s.Regret.Regret:F4} below the best {y} (rank {s.Regret.ChosenRank} of {s.N}), 95% CI [{s.Regret.CiLow:F4}, {s.Regret.CiHigh:F4}]\n"));
            var p = s.Plan;
            sb.Append(p.Enough
                ? Inv($"  planner: {s.N} cells give rho ± {p.HalfWidthNow:F3}; ± {p.HalfWidth:F1} needs {p.CellsNeeded} (reached)\n")
                : Inv($"  planner: {s.N} cells give rho ± {p.HalfWidthNow:F3}; ± {p.HalfWidth:F1} needs about {p.CellsNeeded} cells ({p.CellsNeeded - s.N} more, if rho stays near {p.Rho:F2})\n"));
            if (s.N < TransferStatistics.SmallSample)
            {
                sb.Append(Inv($"  only {s.N} cells: every interval above is wide and the bootstrap is rough; top-k overlaps rest on a handful of cells.\n"));
            }
        }

        return sb.ToString();
    }

    /// <summary>The columns of transfer.csv.</summary>
    public static IReadOnlyList<string> CsvHeader { get; } =
    [
        "label", "n", "pearson_r", "pearson_ci_low", "pearson_ci_high", "spearman_rho", "spearman_ci_low", "spearman_ci_high", "kendall_tau",
        "kendall_ci_low", "kendall_ci_high", "top5_k", "top5_overlap", "top5_ci_low", "top5_ci_high", "top10_k", "top10_overlap", "top10_ci_low",
        "top10_ci_high", "top20_k", "top20_overlap", "top20_ci_low", "top20_ci_high", "regret", "regret_ci_low", "regret_ci_high", "chosen_rank",
        "rho_half_width", "cells_for_half_width_0.1",
    ];

    /// <summary>transfer.csv.</summary>
    public static string ToCsv(IReadOnlyList<TransferReportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow([.. CsvHeader]);
        foreach (var row in rows)
        {
            var s = row.Statistics;
            var c = s.Correlation;
            var fields = new List<string> { row.Label, R(s.N) };
            foreach (var k in new[] { c.Pearson, c.Spearman, c.Kendall })
            {
                fields.AddRange([R(k.R), R(k.CiLow), R(k.CiHigh)]);
            }

            foreach (var o in s.Overlaps)
            {
                fields.AddRange([R(o.K), R(o.Overlap), R(o.CiLow), R(o.CiHigh)]);
            }

            fields.AddRange([R(s.Regret.Regret), R(s.Regret.CiLow), R(s.Regret.CiHigh), R(s.Regret.ChosenRank), R(s.Plan.HalfWidthNow), R(s.Plan.CellsNeeded)]);
            csv.WriteRow([.. fields]);
        }

        return text.ToString();
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string R(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);
}
