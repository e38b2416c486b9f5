using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using NasBench.Core.Search;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>The key numbers of a published experiment: best mean test accuracy and regret at the budget (searches), r with
/// p and CI (correlations), final test accuracy (trainings). Null where a kind has no such number.</summary>
public sealed record PublicationFacts(
    string? BestAlgorithm = null, double? BestMeanTestAccuracy = null, double? TestRegret = null, int? Runs = null, double? Budget = null,
    string? Coefficient = null, double? R = null, double? P = null, double? CiLow = null, double? CiHigh = null, int? N = null,
    double? FinalTestAccuracy = null, string? Figure = null);

/// <summary>One line of a card's chart.</summary>
public sealed record ChartSeries(string Name, double[] X, double[] Y);

/// <summary>Computes a publication's facts and small chart once, when it is published (the list then reads one row per card).</summary>
public static class PublicationBuilder
{
    private const int ChartPoints = 40;

    public static async Task<(PublicationFacts Facts, IReadOnlyList<ChartSeries> Chart)> BuildAsync(LabDbContext db, Experiment e)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        string? figure = ExperimentFiles.List(e.Id).FirstOrDefault(f => f.Name.EndsWith(".png", StringComparison.Ordinal))?.Name;
        switch (e.Kind)
        {
            case ExperimentKinds.Search or ExperimentKinds.Compare or ExperimentKinds.Session:
                var algorithms = await StoredSearchRuns.LoadAsync(db, e);
                if (algorithms.Count == 0)
                {
                    return (new PublicationFacts(Figure: figure), []);
                }

                var chart = new List<ChartSeries>();
                PublicationFacts? best = null;
                foreach (var a in algorithms)
                {
                    var series = SearchAggregation.Aggregate(a.Runs, AggregateAxis.Queries, ChartPoints);
                    chart.Add(new ChartSeries(a.Algorithm, [.. series.Points.Select(p => p.X)], [.. series.Points.Select(p => p.TestAccuracy.Mean)]));
                    var last = series.Points[^1];
                    if (best is null || last.TestAccuracy.Mean > best.BestMeanTestAccuracy)
                    {
                        best = new PublicationFacts(a.Algorithm, last.TestAccuracy.Mean, last.TestRegret.Mean, a.Runs.Count, last.X, Figure: figure);
                    }
                }

                return (best!, chart);
            case ExperimentKinds.Training or ExperimentKinds.Transfer:
                var epochs = await db.TrainingEpochs.AsNoTracking().Where(x => x.ExperimentId == e.Id && x.Training == 0).OrderBy(x => x.Epoch).ToListAsync();
                double? final = epochs.Count > 0 ? epochs[^1].TestAccuracy : null;
                if (e.Kind == ExperimentKinds.Transfer)
                {
                    var cells = await db.TrainedCells.AsNoTracking().Where(c => c.ExperimentId == e.Id).Select(c => c.TestAccuracy).ToListAsync();
                    final = cells.Count > 0 ? cells.Average() : final;
                }

                return (new PublicationFacts(FinalTestAccuracy: final, Figure: figure),
                    epochs.Count == 0 ? [] : [new ChartSeries("test accuracy", [.. epochs.Select(x => (double)x.Epoch)], [.. epochs.Select(x => x.TestAccuracy)])]);
            case ExperimentKinds.Correlate:
                return (Correlation(e.Id) with { Figure = figure }, []);
            default:
                return (new PublicationFacts(Figure: figure), []);
        }
    }

    /// <summary>Pearson r, p and CI from the correlate.json the runner writes (the CLI's file).</summary>
    private static PublicationFacts Correlation(long id)
    {
        string? path = LabPaths.ExperimentFile(id, "correlate.json");
        if (path is null || !File.Exists(path))
        {
            return new PublicationFacts();
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var pearson = doc.RootElement.GetProperty("pearson");
        static double? Read(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return new PublicationFacts(Coefficient: "pearson", R: Read(pearson, "r"), P: Read(pearson, "p"), CiLow: Read(pearson, "ci_low"), CiHigh: Read(pearson, "ci_high"),
            N: doc.RootElement.TryGetProperty("n", out var n) ? n.GetInt32() : null);
    }

    /// <summary>The dataset of an experiment's request (a training's "dataset" option, its default included; the benchmark's
    /// kinds are CIFAR-10).</summary>
    public static string DatasetOf(Experiment e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Request is NasBench.Training.Experiments.TrainingRequestBase training ? training.Dataset.ToLowerInvariant() : "cifar10";
    }

    /// <summary>The algorithm(s) of an experiment's request (a comparison's joined by commas).</summary>
    public static string AlgorithmOf(Experiment e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Request is NasBench.Core.Experiments.SearchSettings s ? string.Join(',', s.AlgorithmList) : "";
    }
}
