using System.Globalization;
using NasBench.Core;
using NasBench.Core.Statistics;
using NasBench.Core.Studies.Transfer;
using NasBench.Training.Advisor;
using NasBench.Training.Experiments;
using NasBench.Training.Proxies;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Components.Shared.Studies;

/// <summary>One predictor's row of the advise page.</summary>
public sealed record AdviceRow(string Name, int N, CorrelationResult Correlation, string Spearman, string Kendall, string Overlap, string Weight, string VsReference);

/// <summary>One recommended cell of the advise page.</summary>
public sealed record AdviceCell(int Rank, string Hash, string Adjacency, string Operations, string Score, string Cifar10, string Source, string Short);

/// <summary>
/// What the advise page shows, read from the run's files and trained cells: the counts, the evidence (evidence.csv once
/// written; before that computed live from the trained cells joined with proxies.csv, Core's Correlation and
/// TransferStatistics, 200 bootstrap resamples), and the recommendation (recommendation.csv).
/// </summary>
public sealed record AdviceView(int Scored, int PoolSize, int Trained, bool Final, IReadOnlyList<AdviceRow> Evidence, IReadOnlyList<AdviceCell> Recommended, string Key)
{
    /// <summary>Nothing yet.</summary>
    public static AdviceView Empty { get; } = new(0, 0, 0, false, [], [], "");

    /// <summary>The view of experiment <paramref name="id"/> now.</summary>
    public static AdviceView Load(long id, AdviseRequest request, IReadOnlyList<(string Hash, double Accuracy)> trained)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(trained);
        var files = ExperimentFiles.List(id).ToDictionary(f => f.Name, f => f.Size);
        var scores = Read(id, ProxiesRunner.ProxiesFile) is { } text ? ProxyTable.FromCsv(text, request.ProxyList, request.Reference) : [];
        var evidenceCsv = Csv(id, AdviceFiles.EvidenceFile);
        var evidence = evidenceCsv is not null ? FromEvidence(evidenceCsv) : Live(request, scores, trained);
        var recommended = Csv(id, AdviceFiles.RecommendationFile) is { } rec ? FromRecommendation(rec) : [];
        string key = string.Join('|', files.Select(f => $"{f.Key}:{f.Value}").Order()) + "|" + trained.Count.ToString(CultureInfo.InvariantCulture);
        return new AdviceView(scores.Count, request.Top + request.Uniform, trained.Count, evidenceCsv is not null, evidence, recommended, key);
    }

    private static List<AdviceRow> Live(AdviseRequest request, IReadOnlyList<ProxyRow> scores, IReadOnlyList<(string Hash, double Accuracy)> trained)
    {
        var byHash = scores.ToDictionary(s => s.Hash, StringComparer.Ordinal);
        var joined = trained.Where(t => byHash.ContainsKey(t.Hash)).Select(t => (Row: byHash[t.Hash], t.Accuracy)).ToList();
        if (joined.Count < 3)
        {
            return [];
        }

        var y = joined.Select(j => j.Accuracy).ToList();
        var rows = new List<AdviceRow>();
        foreach (var (name, pick) in new (string, Func<ProxyRow, double>)[] { ("cifar10", r => r.Against ?? double.NaN) }.Concat(request.ProxyList.Select(p => (p, (Func<ProxyRow, double>)(r => r.Scores[p])))))
        {
            var x = joined.Select(j => pick(j.Row)).ToList();
            if (x.Any(v => !double.IsFinite(v)))
            {
                continue;
            }

            var c = Correlation.Compute(x, y, 200, request.Seed);
            int k = TransferStatistics.K(0.2, x.Count);
            rows.Add(new AdviceRow(name, c.N, c, Ci(c.Spearman), Ci(c.Kendall), Inv($"{TransferStatistics.Overlap(x, y, k):P0} ({(double)k / x.Count:P0})"), "—", "—"));
        }

        return rows;
    }

    private static List<AdviceRow> FromEvidence(List<Dictionary<string, string>> rows) => [.. rows.Select(r =>
    {
        int n = int.Parse(r["n"], CultureInfo.InvariantCulture);
        var spearman = new CorrelationCoefficient(D(r["spearman_rho"]), double.NaN, D(r["spearman_ci_low"]), D(r["spearman_ci_high"]));
        var kendall = new CorrelationCoefficient(D(r["kendall_tau"]), double.NaN, D(r["kendall_ci_low"]), D(r["kendall_ci_high"]));
        var c = new CorrelationResult(n, new CorrelationCoefficient(double.NaN, double.NaN, double.NaN, double.NaN), spearman, kendall);
        string vs = r["rho_vs_cifar10"].Length > 0 ? Inv($"{D(r["rho_vs_cifar10"]):0.000} [{D(r["rho_vs_cifar10_ci_low"]):0.000}, {D(r["rho_vs_cifar10_ci_high"]):0.000}]") : "—";
        return new AdviceRow(r["predictor"], n, c, Ci(spearman), Ci(kendall), Inv($"{D(r["top20_overlap"]):P0} ({D(r["top20_chance"]):P0})"), Inv($"{D(r["weight"]):0.00}"), vs);
    })];

    private static List<AdviceCell> FromRecommendation(List<Dictionary<string, string>> rows) => [.. rows.Select(r => new AdviceCell(
        int.Parse(r["rank"], CultureInfo.InvariantCulture), r["hash"], r["adjacency"], r["operations"], Inv($"{D(r["score"]):0.000}"), Inv($"{D(r["cifar10_accuracy"]):P2}"), r["source"],
        r["short_test_accuracy"].Length > 0 ? Inv($"{D(r["short_test_accuracy"]):P2}") : "not trained"))];

    private static string? Read(long id, string name)
    {
        try
        {
            return LabPaths.ExperimentFile(id, name) is { } path && File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null; // being written: read at the next refresh
        }
    }

    private static List<Dictionary<string, string>>? Csv(long id, string name)
    {
        if (Read(id, name) is not { } text)
        {
            return null;
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => CsvLine.Split(l.TrimEnd('\r'))).ToList();
        return lines.Count == 0 ? null : [.. lines.Skip(1).Where(f => f.Length == lines[0].Length).Select(f => lines[0].Zip(f).ToDictionary(p => p.First, p => p.Second))];
    }

    private static double D(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;

    private static string Ci(CorrelationCoefficient c) => Inv($"{c.R:0.000} [{c.CiLow:0.000}, {c.CiHigh:0.000}]");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
