using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>The runs of one algorithm of a stored search or comparison, as Core's <see cref="SearchResult"/>s.</summary>
public sealed record StoredAlgorithm(long ExperimentId, int Configuration, string Algorithm, IReadOnlyList<SearchResult> Runs);

/// <summary>
/// Reads a search's or comparison's stored trajectories back into Core's types, so the curves are Core's
/// <see cref="SearchAggregation"/> (the CLI's aggregate.csv) and never a second implementation.
/// </summary>
public static class StoredSearchRuns
{
    public static async Task<IReadOnlyList<StoredAlgorithm>> LoadAsync(LabDbContext db, Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(experiment);
        if (experiment.Request is not SearchSettings request)
        {
            return [];
        }

        var configurations = SearchAlgorithmFactory.Configurations(request, complete: true);
        var points = await db.TrajectoryPoints.AsNoTracking().Where(p => p.ExperimentId == experiment.Id)
            .OrderBy(p => p.Configuration).ThenBy(p => p.Run).ThenBy(p => p.Step).ToListAsync();
        var result = new List<StoredAlgorithm>();
        foreach (var configuration in points.GroupBy(p => p.Configuration))
        {
            if (configuration.Key < 0 || configuration.Key >= configurations.Count)
            {
                continue;
            }

            var config = configurations[configuration.Key];
            var runs = configuration.GroupBy(p => p.Run)
                .Select(run => new SearchResult(config, run.Key, experiment.Synthetic, [.. run.Select(p => p.ToProgress())])).ToList();
            result.Add(new StoredAlgorithm(experiment.Id, configuration.Key, config.Algorithm.Name, runs));
        }

        return result;
    }

    /// <summary>Each run's incumbent at a budget on an axis (the last point at or before it); NaN-free, runs without one left out.</summary>
    public static double[] At(IReadOnlyList<SearchResult> runs, AggregateAxis axis, double budget, bool regret)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var values = new List<double>(runs.Count);
        foreach (var run in runs)
        {
            if (SearchAggregation.At(run, axis, budget) is { } hit)
            {
                values.Add(regret ? hit.TestRegret : hit.IncumbentMeanTestAccuracy);
            }
        }

        return [.. values];
    }

}
