using System.Globalization;
using System.Text;
using NasBench.Core.Presentation;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.Studies.Advisor;
using NasBench.Core.Studies.Transfer;
using NasBench.Training.Data;

namespace NasBench.Training.Advisor;

/// <summary>What the advisor writes: pool.csv, evidence.csv, recommendation.csv, advice.txt and its two figures.</summary>
public static class AdviceFiles
{
    /// <summary>The recommendation's file (the page's "train these" reads it).</summary>
    public const string RecommendationFile = "recommendation.csv";

    /// <summary>The evidence's file.</summary>
    public const string EvidenceFile = "evidence.csv";

    /// <summary>Writes every file of the advice into the sink.</summary>
    public static async Task WriteAsync(IResultSink sink, AdviseRequest r, AdvisorPool pool, IReadOnlyList<int> picks, IReadOnlyDictionary<string, TrainedCell> trained,
        AdvisorResult fit, AdviceCheck? check, bool synthetic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(fit);
        string dataset = DatasetCatalog.DisplayName(r.Dataset);
        await sink.AddArtifactAsync(Artifact.Text("pool.csv", PoolCsv(pool, trained, fit)), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text(EvidenceFile, EvidenceCsv(fit)), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text(RecommendationFile, RecommendationCsv(pool, trained, fit)), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text("advice.txt", Text(dataset, pool, picks, fit, check)), cancellationToken).ConfigureAwait(false);
        await sink.AddFigureAsync(EvidenceChart(dataset, fit, synthetic), cancellationToken).ConfigureAwait(false);
        await sink.AddFigureAsync(Scatter(dataset, pool, picks, trained, fit, synthetic), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>pool.csv: every pool cell, its source, CIFAR-10 accuracy, proxies, short accuracy (when trained), score and rank.</summary>
    public static string PoolCsv(AdvisorPool pool, IReadOnlyDictionary<string, TrainedCell> trained, AdvisorResult fit)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(fit);
        var rank = fit.Recommended.ToDictionary(x => x.Position, x => x.Rank);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow(["hash", "source", "cifar10_accuracy", .. pool.Proxies, "short_test_accuracy", "score", "recommended_rank"]);
        var scores = pool.Proxies.Select(pool.Scores).ToList();
        for (int p = 0; p < pool.Count; p++)
        {
            csv.WriteRow([pool.Hash(p), pool.Sources[p].ToString().ToLowerInvariant(), R(pool.Reference[p]), .. scores.Select(s => R(s[p])),
                trained.TryGetValue(pool.Hash(p), out var t) ? R(t.TestAccuracy) : "", R(fit.Scores[p]), rank.TryGetValue(p, out int k) ? R(k) : ""]);
        }

        return text.ToString();
    }

    /// <summary>evidence.csv: per predictor, its fit to the short trainings (ρ, τ with CIs, top-k overlap, regret, planner) and its ρ with CIFAR-10 over the pool.</summary>
    public static string EvidenceCsv(AdvisorResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow(["predictor", "n", "weight", "spearman_rho", "spearman_ci_low", "spearman_ci_high", "kendall_tau", "kendall_ci_low", "kendall_ci_high",
            .. TransferStatistics.Fractions.SelectMany(f => new[] { Inv($"top{f * 100:0}_overlap"), Inv($"top{f * 100:0}_chance") }), "regret", "regret_rank",
            "cells_for_rho_0.1", "rho_vs_cifar10", "rho_vs_cifar10_ci_low", "rho_vs_cifar10_ci_high"]);
        foreach (var e in fit.Evidence)
        {
            var s = e.VsShort;
            var c = s.Correlation;
            csv.WriteRow([e.Name, R(s.N), R(e.Weight), R(c.Spearman.R), R(c.Spearman.CiLow), R(c.Spearman.CiHigh), R(c.Kendall.R), R(c.Kendall.CiLow), R(c.Kendall.CiHigh),
                .. s.Overlaps.SelectMany(o => new[] { R(o.Overlap), R(o.Chance) }), R(s.Regret.Regret), R(s.Regret.ChosenRank), R(s.Plan.CellsNeeded),
                e.VsReference is { } v ? R(v.Spearman.R) : "", e.VsReference is { } v1 ? R(v1.Spearman.CiLow) : "", e.VsReference is { } v2 ? R(v2.Spearman.CiHigh) : ""]);
        }

        return text.ToString();
    }

    /// <summary>recommendation.csv: rank, hash, the cell's adjacency and operations, score, CIFAR-10 accuracy, source, short accuracy.</summary>
    public static string RecommendationCsv(AdvisorPool pool, IReadOnlyDictionary<string, TrainedCell> trained, AdvisorResult fit)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(fit);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow(["rank", "hash", "adjacency", "operations", "score", "cifar10_accuracy", "source", "short_test_accuracy"]);
        foreach (var x in fit.Recommended)
        {
            var spec = pool.Spec(x.Position);
            csv.WriteRow([R(x.Rank), pool.Hash(x.Position), spec.AdjacencyString, spec.OperationsString, R(x.Score), R(pool.Reference[x.Position]),
                pool.Sources[x.Position].ToString().ToLowerInvariant(), trained.TryGetValue(pool.Hash(x.Position), out var t) ? R(t.TestAccuracy) : ""]);
        }

        return text.ToString();
    }

    /// <summary>advice.txt: the recommendation and the evidence in words.</summary>
    public static string Text(string dataset, AdvisorPool pool, IReadOnlyList<int> picks, AdvisorResult fit, AdviceCheck? check)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(picks);
        ArgumentNullException.ThrowIfNull(fit);
        var sb = new StringBuilder();
        sb.Append(Inv($"Cell advice for {dataset}: pool of {pool.Count} cells, {picks.Count} short trainings.\n\n"));
        sb.Append("How each predictor foretells the short trainings (Spearman rho [95% CI]; weight in the recommendation):\n");
        foreach (var e in fit.Evidence)
        {
            var c = e.VsShort.Correlation.Spearman;
            var top = e.VsShort.Overlaps.First(o => o.Fraction == 0.20);
            sb.Append(Inv($"  {e.Name,-10} rho {c.R,6:F3} [{c.CiLow,6:F3}, {c.CiHigh,6:F3}]  top-20% overlap {top.Overlap:P0} (chance {top.Chance:P0})  weight {e.Weight:F3}"));
            sb.Append(e.VsReference is { } v ? Inv($"  rho with CIFAR-10 over the pool {v.Spearman.R:F3}\n") : "\n");
        }

        var plan = fit.Evidence[0].VsShort.Plan;
        sb.Append(Inv($"\nCIFAR-10's rho with the short trainings: ±{plan.HalfWidthNow:F2} with {plan.Cells} cells; ±0.1 needs about {plan.CellsNeeded} trained cells.\n"));
        if (picks.Count < TransferStatistics.SmallSample)
        {
            sb.Append(Inv($"Only {picks.Count} trained cells: the intervals are wide and the bootstrap is rough.\n"));
        }

        sb.Append(fit.FellBack
            ? "No predictor's interval excludes 0: the recommendation is CIFAR-10's ranking alone (the seed paper's evidence that it transfers).\n"
            : Inv($"Recommendation weighted by: {string.Join(", ", fit.Evidence.Where(e => e.Weight != 0).Select(e => Inv($"{e.Name} {e.Weight:F2}")))}.\n"));
        sb.Append("\nTrain these fully:\n");
        foreach (var x in fit.Recommended)
        {
            sb.Append(Inv($"  {x.Rank,2}. {pool.Hash(x.Position)}  score {x.Score:F3}  CIFAR-10 {pool.Reference[x.Position]:P2}  ({pool.Sources[x.Position].ToString().ToLowerInvariant()})\n"));
        }

        if (check is not null)
        {
            sb.Append(Inv($"\nCheck (same short training): recommended mean {Mean(check.Recommended):P2} (n = {check.Recommended.Count}), random mean {Mean(check.Random):P2} (n = {check.Random.Count}).\n"));
        }

        return sb.ToString();
    }

    /// <summary>Spearman ρ of each predictor with the short trainings, with its 95 % CI.</summary>
    public static Figure EvidenceChart(string dataset, AdvisorResult fit, bool synthetic)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var rows = fit.Evidence;
        var x = rows.Select((_, i) => (double)i).ToList();
        var rho = rows.Select(e => e.VsShort.Correlation.Spearman.R).ToList();
        var panel = new FigurePanel($"Spearman ρ with the short {dataset} trainings", new FigureAxis("predictor") { Categories = [.. rows.Select(e => e.Name)] },
            new FigureAxis("Spearman ρ", Min: -1, Max: 1),
        [
            new FigureSeries("Spearman ρ", SeriesKind.Bar, x, rho, 0),
            new FigureSeries("95% CI", SeriesKind.Band, x, rho, 1) { Low = [.. rows.Select(e => e.VsShort.Correlation.Spearman.CiLow)], High = [.. rows.Select(e => e.VsShort.Correlation.Spearman.CiHigh)], Opacity = 0.3 },
        ]);
        int n = rows.Count == 0 ? 0 : rows[0].VsShort.N;
        return new Figure("advice_evidence", Inv($"What predicts {dataset} accuracy ({(synthetic ? "SYNTHETIC CIFAR-10" : "real CIFAR-10")}, n = {n} trained)"), [panel], synthetic);
    }

    /// <summary>Short-training accuracy against CIFAR-10 accuracy of the trained cells; the recommended ones marked.</summary>
    public static Figure Scatter(string dataset, AdvisorPool pool, IReadOnlyList<int> picks, IReadOnlyDictionary<string, TrainedCell> trained, AdvisorResult fit, bool synthetic)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(fit);
        var recommended = fit.Recommended.Select(x => x.Position).ToHashSet();
        var all = Enumerable.Range(0, pool.Count).Where(p => trained.ContainsKey(pool.Hash(p))).ToList();
        var plain = all.Where(p => !recommended.Contains(p)).ToList();
        var marked = all.Where(recommended.Contains).ToList();
        var panel = new FigurePanel($"Trained cells: {dataset} vs CIFAR-10", new FigureAxis("CIFAR-10 accuracy at 108 epochs (NAS-Bench-101)") { Fraction = true }, new FigureAxis($"{dataset} test accuracy (short training)") { Fraction = true },
        [
            new FigureSeries(Inv($"trained ({plain.Count})"), SeriesKind.Scatter, [.. plain.Select(p => pool.Reference[p])], [.. plain.Select(p => trained[pool.Hash(p)].TestAccuracy)], 0),
            new FigureSeries(Inv($"recommended and trained ({marked.Count})"), SeriesKind.Scatter, [.. marked.Select(p => pool.Reference[p])], [.. marked.Select(p => trained[pool.Hash(p)].TestAccuracy)], 3),
        ]);
        return new Figure("advice_trained", Inv($"{dataset} after the short training vs CIFAR-10 ({(synthetic ? "SYNTHETIC" : "real")}, n = {all.Count})"), [panel], synthetic);
    }

    private static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string R(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
