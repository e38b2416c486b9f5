using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>The experiments list's query: the API's filters (kind, status, owner) plus algorithm and dataset (read
/// from the request JSON, which names them with the CLI's option names), one sort column, one page. One COUNT and
/// one page query, nothing per row.</summary>
public static class ExperimentQuery
{
    public static readonly string[] Columns = ["id", "kind", "name", "owner", "status", "progress", "created"];

    public static IQueryable<Experiment> Filter(IQueryable<Experiment> query, string? kind, string? status, string? owner, string? algorithm, string? dataset)
    {
        query = ExperimentFilters.Apply(query, kind, status, owner);
        if (!string.IsNullOrWhiteSpace(algorithm))
        {
            // search: "algorithm":"x"; compare: "algorithms":[…,"x",…]. Names are plain words, so a LIKE is exact enough.
            string single = $"\"algorithm\":\"{algorithm}\"";
            string listed = $"\"{algorithm}\"";
            query = query.Where(e => (e.Kind == ExperimentKinds.Search && e.RequestJson.Contains(single)) || (e.Kind == ExperimentKinds.Compare && e.RequestJson.Contains(listed)));
        }

        if (!string.IsNullOrWhiteSpace(dataset))
        {
            string named = $"\"dataset\":\"{dataset}\"";
            query = query.Where(e => e.RequestJson.Contains(named));
        }

        return query;
    }

    /// <summary>The headline number of each listed experiment, two grouped queries for the page: a search's lowest test
    /// regret over its runs, a training's best test accuracy (4 significant digits).</summary>
    public static async Task<Dictionary<long, string>> HeadlinesAsync(LabDbContext db, long[] ids)
    {
        ArgumentNullException.ThrowIfNull(db);
        var regrets = await db.TrajectoryPoints.AsNoTracking().Where(p => ids.Contains(p.ExperimentId)).GroupBy(p => p.ExperimentId)
            .Select(g => new { g.Key, Best = g.Min(p => p.TestRegret) }).ToListAsync();
        var accuracies = await db.TrainingEpochs.AsNoTracking().Where(e => ids.Contains(e.ExperimentId)).GroupBy(e => e.ExperimentId)
            .Select(g => new { g.Key, Best = g.Max(e => e.TestAccuracy) }).ToListAsync();
        var result = regrets.ToDictionary(r => r.Key, r => "regret " + NasBench.Core.Presentation.Numbers.Format(r.Best, 3));
        foreach (var a in accuracies)
        {
            result[a.Key] = "test acc. " + NasBench.Core.Presentation.Numbers.Format(a.Best);
        }

        return result;
    }

    public static IQueryable<Experiment> Sort(IQueryable<Experiment> query, string column, bool descending) => (column, descending) switch
    {
        ("kind", false) => query.OrderBy(e => e.Kind).ThenByDescending(e => e.Id),
        ("kind", true) => query.OrderByDescending(e => e.Kind).ThenByDescending(e => e.Id),
        ("name", false) => query.OrderBy(e => e.Name).ThenByDescending(e => e.Id),
        ("name", true) => query.OrderByDescending(e => e.Name).ThenByDescending(e => e.Id),
        ("owner", false) => query.OrderBy(e => e.Owner).ThenByDescending(e => e.Id),
        ("owner", true) => query.OrderByDescending(e => e.Owner).ThenByDescending(e => e.Id),
        ("status", false) => query.OrderBy(e => e.Status).ThenByDescending(e => e.Id),
        ("status", true) => query.OrderByDescending(e => e.Status).ThenByDescending(e => e.Id),
        ("progress", false) => query.OrderBy(e => e.Progress).ThenByDescending(e => e.Id),
        ("progress", true) => query.OrderByDescending(e => e.Progress).ThenByDescending(e => e.Id),
        // Ids grow with creation time: "created" sorts by the primary key (no separate index needed).
        (_, false) => query.OrderBy(e => e.Id),
        _ => query.OrderByDescending(e => e.Id),
    };
}
