using System.Globalization;
using System.Text;
using NasBench.Core.Presentation;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.Statistics;

namespace NasBench.Training.Proxies;

/// <summary>The scores of one cell: its hash, each proxy's value, the seconds it took, the value it is correlated against (if any).</summary>
public sealed record ProxyRow(string Hash, IReadOnlyDictionary<string, double> Scores, double Seconds, double? Against)
{
    /// <summary>Seconds of each proxy computed on its own (a timed run); null otherwise.</summary>
    public IReadOnlyDictionary<string, double>? ProxySeconds { get; init; }

    /// <summary>CPU seconds of the process during each proxy (all threads; on a shared machine the honest measure); null otherwise.</summary>
    public IReadOnlyDictionary<string, double>? ProxyCpuSeconds { get; init; }
}

/// <summary>One proxy's rank correlation with the accuracy column (NaN scores left out, counted).</summary>
public sealed record ProxyCorrelation(string Proxy, CorrelationResult Correlation, int LeftOut);

/// <summary>proxies.csv, the correlation table (CSV and text) and its rank-correlation chart.</summary>
public static class ProxyTable
{
    /// <summary>proxies.csv: <c>hash</c>, one column per proxy (named as <see cref="ProxyNames"/>), <c>seconds</c>, and the accuracy column when there is one.</summary>
    public static string ToCsv(IReadOnlyList<string> proxies, IReadOnlyList<ProxyRow> rows, string? against)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow(["hash", .. proxies, "seconds", .. against is null ? Array.Empty<string>() : [against]]);
        foreach (var row in rows)
        {
            csv.WriteRow([row.Hash, .. proxies.Select(p => Inv(row.Scores[p])), Inv(row.Seconds), .. against is null ? Array.Empty<string>() : [row.Against is { } a ? Inv(a) : ""]]);
        }

        return text.ToString();
    }

    /// <summary>The rows of a proxies.csv written by <see cref="ToCsv"/> (what a resumed run skips); a file without every one of
    /// <paramref name="proxies"/> gives none (its rows were scored with other proxies and are scored again).</summary>
    public static IReadOnlyList<ProxyRow> FromCsv(string text, IReadOnlyList<string> proxies, string? against)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        var lines = (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return [];
        }

        var header = CsvLine.Split(lines[0].TrimEnd('\r'));
        int hash = Array.IndexOf(header, "hash"), seconds = Array.IndexOf(header, "seconds"), value = against is null ? -1 : Array.IndexOf(header, against);
        var columns = proxies.Select(p => Array.IndexOf(header, p)).ToArray();
        if (hash < 0 || seconds < 0 || columns.Any(c => c < 0))
        {
            return [];
        }

        var rows = new List<ProxyRow>();
        foreach (string line in lines.Skip(1))
        {
            var f = CsvLine.Split(line.TrimEnd('\r'));
            if (f.Length != header.Length)
            {
                continue; // a torn last line: the cell is scored again
            }

            var scores = proxies.Select((p, i) => (p, Parse(f[columns[i]]))).ToDictionary(x => x.p, x => x.Item2);
            rows.Add(new ProxyRow(f[hash], scores, Parse(f[seconds]), value >= 0 && f[value].Length > 0 ? Parse(f[value]) : null));
        }

        return rows;
    }

    /// <summary>Each proxy against the accuracy column: Pearson, Spearman, Kendall with percentile-bootstrap CIs.</summary>
    public static IReadOnlyList<ProxyCorrelation> Correlate(IReadOnlyList<string> proxies, IReadOnlyList<ProxyRow> rows, int bootstrap, int seed)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(rows);
        var result = new List<ProxyCorrelation>();
        foreach (string proxy in proxies)
        {
            var pairs = rows.Where(r => r.Against is not null && double.IsFinite(r.Scores[proxy])).ToList();
            if (pairs.Count >= 3)
            {
                result.Add(new ProxyCorrelation(proxy, Correlation.Compute([.. pairs.Select(r => r.Scores[proxy])], [.. pairs.Select(r => r.Against!.Value)], bootstrap, seed),
                    rows.Count(r => r.Against is not null) - pairs.Count));
            }
        }

        return result;
    }

    /// <summary>correlations.csv.</summary>
    public static string CorrelationsCsv(IReadOnlyList<ProxyCorrelation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow(["proxy", "n", "left_out", "spearman_rho", "spearman_ci_low", "spearman_ci_high", "kendall_tau", "kendall_ci_low", "kendall_ci_high", "pearson_r", "pearson_ci_low", "pearson_ci_high"]);
        foreach (var r in rows)
        {
            var c = r.Correlation;
            csv.WriteRow([r.Proxy, Inv(c.N), Inv(r.LeftOut), Inv(c.Spearman.R), Inv(c.Spearman.CiLow), Inv(c.Spearman.CiHigh), Inv(c.Kendall.R), Inv(c.Kendall.CiLow),
                Inv(c.Kendall.CiHigh), Inv(c.Pearson.R), Inv(c.Pearson.CiLow), Inv(c.Pearson.CiHigh)]);
        }

        return text.ToString();
    }

    /// <summary>The rows of a correlations.csv written by <see cref="CorrelationsCsv"/> (p-values are not kept there: NaN).</summary>
    public static IReadOnlyList<ProxyCorrelation> CorrelationsFromCsv(string text)
    {
        var lines = (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => CsvLine.Split(l.TrimEnd('\r'))).ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        var header = lines[0];
        double D(string[] f, string column) => Parse(f[Array.IndexOf(header, column)]);
        CorrelationCoefficient C(string[] f, string name) => new(D(f, name), double.NaN, D(f, name.Split('_')[0] + "_ci_low"), D(f, name.Split('_')[0] + "_ci_high"));
        return [.. lines.Skip(1).Where(f => f.Length == header.Length).Select(f => new ProxyCorrelation(f[0],
            new CorrelationResult((int)D(f, "n"), C(f, "pearson_r"), C(f, "spearman_rho"), C(f, "kendall_tau")), (int)D(f, "left_out")))];
    }

    /// <summary>The table as text: ρ and τ with their 95 % CIs, one proxy per line.</summary>
    public static string Format(string against, IReadOnlyList<ProxyCorrelation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"zero-cost proxies vs {against} (95% percentile-bootstrap CIs)\n");
        sb.Append("proxy          n     Spearman rho [95% CI]      Kendall tau [95% CI]       Pearson r [95% CI]\n");
        foreach (var r in rows)
        {
            var c = r.Correlation;
            sb.Append(CultureInfo.InvariantCulture, $"{r.Proxy,-10} {c.N,5}");
            foreach (var k in new[] { c.Spearman, c.Kendall, c.Pearson })
            {
                sb.Append(CultureInfo.InvariantCulture, $"    {k.R,6:F3} [{k.CiLow,6:F3}, {k.CiHigh,6:F3}]");
            }

            sb.Append(r.LeftOut > 0 ? Inv($"   ({r.LeftOut} cells left out: the score is not finite)") : "").Append('\n');
        }

        if (rows.Count > 0 && rows.Min(r => r.Correlation.N) is var n && n < 30)
        {
            sb.Append(CultureInfo.InvariantCulture, $"only {n} cells: the intervals are wide and the bootstrap is rough.\n");
        }

        return sb.ToString();
    }

    /// <summary>The rank-correlation chart: Spearman ρ per proxy as bars, the 95 % CI as a band.</summary>
    public static Figure Chart(string against, IReadOnlyList<ProxyCorrelation> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var x = rows.Select((_, i) => (double)i).ToList();
        var rho = rows.Select(r => r.Correlation.Spearman.R).ToList();
        var panel = new FigurePanel($"Spearman ρ with {against}", new FigureAxis("proxy") { Categories = [.. rows.Select(r => r.Proxy)] }, new FigureAxis("Spearman ρ", Min: -1, Max: 1),
        [
            new FigureSeries("Spearman ρ", SeriesKind.Bar, x, rho, 0),
            new FigureSeries("95% CI", SeriesKind.Band, x, rho, 1) { Low = [.. rows.Select(r => r.Correlation.Spearman.CiLow)], High = [.. rows.Select(r => r.Correlation.Spearman.CiHigh)], Opacity = 0.3 },
        ]);
        int n = rows.Count == 0 ? 0 : rows.Max(r => r.Correlation.N);
        return new Figure("proxies_rank_correlation", Inv($"Zero-cost proxies vs {against} (real, n = {n})"), [panel], false);
    }

    /// <summary>timings.txt: mean, median and max seconds per cell of each proxy computed on its own.</summary>
    public static string Timings(IReadOnlyList<string> proxies, IReadOnlyList<ProxyRow> rows)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder(Inv($"seconds per cell per proxy, each computed on its own ({rows.Count} cells); CPU: the process's CPU seconds, all threads\nproxy       wall mean  median     max   CPU mean\n"));
        foreach (string proxy in proxies)
        {
            var s = rows.Where(r => r.ProxySeconds is not null).Select(r => r.ProxySeconds![proxy]).Order().ToList();
            var cpu = rows.Where(r => r.ProxyCpuSeconds is not null).Select(r => r.ProxyCpuSeconds![proxy]).ToList();
            if (s.Count > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{proxy,-10} {s.Average(),9:F3} {s[s.Count / 2],7:F3} {s[^1],7:F3} {(cpu.Count > 0 ? cpu.Average() : double.NaN),10:F3}\n");
            }
        }

        return sb.ToString();
    }

    private static double Parse(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Inv(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);
}
