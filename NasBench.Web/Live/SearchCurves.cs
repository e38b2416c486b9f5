using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Web.Data;

namespace NasBench.Web.Live;

/// <summary>
/// The runs of a search or comparison as a page holds them (the stored trajectory rows, appended as they arrive) and
/// their mean and 25–75 % band over runs per algorithm, computed by Core's <see cref="SearchAggregation"/> on its common
/// grid from the runs' step functions, so the page shows what aggregate.csv says.
/// </summary>
public sealed class SearchCurves
{
    private readonly Dictionary<(int Configuration, int Run), List<SearchProgress>> _runs = [];
    private readonly IReadOnlyList<SearchConfiguration> _configurations;

    public SearchCurves(ExperimentRequest request)
    {
        _configurations = request is SearchSettings settings ? SearchAlgorithmFactory.Configurations(settings, complete: true) : [];
    }

    /// <summary>The algorithm of each configuration, in the request's order.</summary>
    public IReadOnlyList<string> Algorithms => [.. _configurations.Select(c => c.Algorithm.Name)];

    /// <summary>Runs with at least one row.</summary>
    public int Runs => _runs.Count;

    public void Add(TrajectoryPoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (!_runs.TryGetValue((p.Configuration, p.Run), out var list))
        {
            _runs[(p.Configuration, p.Run)] = list = [];
        }

        list.Add(p.ToProgress());
    }

    /// <summary>Mean and quartiles of one configuration's runs on the grid (drawn where every run has an incumbent: <see cref="SearchAggregation.Drawn"/>).</summary>
    public (double[] X, double[] Mean, double[] P25, double[] P75) Aggregate(int configuration, bool simulated, bool regret, int points = 120)
    {
        if (configuration >= _configurations.Count)
        {
            return ([], [], [], []);
        }

        var runs = _runs.Where(r => r.Key.Configuration == configuration && r.Value.Count > 0)
            .Select(r => new SearchResult(_configurations[configuration], r.Key.Run, false, r.Value)).ToList();
        if (runs.Count == 0)
        {
            return ([], [], [], []);
        }

        var series = SearchAggregation.Aggregate(runs, simulated ? AggregateAxis.SimulatedSeconds : AggregateAxis.Queries, points);
        var kept = SearchAggregation.Drawn(series);
        SummaryStatistics Of(AggregatePoint p) => regret ? p.TestRegret : p.TestAccuracy;
        return ([.. kept.Select(p => p.X)], [.. kept.Select(p => Of(p).Mean)], [.. kept.Select(p => Of(p).P25)], [.. kept.Select(p => Of(p).P75)]);
    }

    public void Clear() => _runs.Clear();
}
