using System.Globalization;
using System.Text;

namespace NasBench.Core.Presentation;

/// <summary>A row of a <see cref="PaperTable"/>: its label and its numbers.</summary>
/// <param name="Label">The row's first cell.</param>
/// <param name="Values">The row's numbers, one per column after the first.</param>
public sealed record PaperRow(string Label, IReadOnlyList<double> Values);

/// <summary>
/// A table as a paper needs it, written as CSV (full precision, round-trip) or as a LaTeX booktabs table (4 decimals,
/// integers as integers).
/// </summary>
/// <param name="Caption">The caption (LaTeX) and nothing in the CSV.</param>
/// <param name="Columns">Column headers, the label column's first.</param>
/// <param name="Rows">The rows.</param>
public sealed record PaperTable(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<PaperRow> Rows)
{
    /// <summary>Decimals of the LaTeX numbers.</summary>
    public const int LatexDecimals = 4;

    /// <summary>RFC 4180 CSV, invariant culture, numbers round-trip ("R"), empty for NaN.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Select(Quote)).Append('\n');
        foreach (var row in Rows)
        {
            text.Append(Quote(row.Label));
            foreach (double v in row.Values)
            {
                text.Append(',').Append(double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A table environment with booktabs rules (\toprule, \midrule, \bottomrule); needs \usepackage{booktabs}.</summary>
    public string ToLatex()
    {
        var text = new StringBuilder();
        text.Append("\\begin{table}[ht]\n\\centering\n");
        text.Append(CultureInfo.InvariantCulture, $"\\caption{{{Escape(Caption)}}}\n");
        text.Append(CultureInfo.InvariantCulture, $"\\begin{{tabular}}{{l{new string('r', Columns.Count - 1)}}}\n\\toprule\n");
        text.AppendJoin(" & ", Columns.Select(Escape)).Append(" \\\\\n\\midrule\n");
        foreach (var row in Rows)
        {
            text.Append(Escape(row.Label));
            foreach (double v in row.Values)
            {
                text.Append(" & ").Append(Latex(v));
            }

            text.Append(" \\\\\n");
        }

        text.Append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        return text.ToString();
    }

    private static string Latex(double v) => !double.IsFinite(v) ? "--"
        : v == Math.Round(v) && Math.Abs(v) >= 1 ? v.ToString("0", CultureInfo.InvariantCulture)
        : v.ToString("F" + LatexDecimals, CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;

    /// <summary>Escapes LaTeX's special characters in text.</summary>
    public static string Escape(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var text = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            text.Append(c switch
            {
                '\\' => "\\textbackslash{}",
                '&' or '%' or '$' or '#' or '_' or '{' or '}' => "\\" + c,
                '~' => "\\textasciitilde{}",
                '^' => "\\textasciicircum{}",
                '±' => "$\\pm$",
                'δ' => "$\\delta$",
                '–' => "--",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }
}
