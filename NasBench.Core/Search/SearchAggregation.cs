using NasBench.Core.Progress;
using NasBench.Core.Statistics;

namespace NasBench.Core.Search;

/// <summary>The x axis runs are compared on.</summary>
public enum AggregateAxis
{
    /// <summary>Queries made (log-spaced integer grid).</summary>
    Queries,

    /// <summary>Distinct cells explored (log-spaced integer grid).</summary>
    CellsExplored,

    /// <summary>Simulated training time in seconds (log-spaced grid).</summary>
    SimulatedSeconds,
}

/// <summary>Summary of one quantity over runs at one grid point.</summary>
public readonly record struct SummaryStatistics(double Mean, double Median, double P25, double P75, double CiLow, double CiHigh);

/// <summary>One grid point: how many runs had an incumbent there, and the summaries of its mean test accuracy and test regret.</summary>
public readonly record struct AggregatePoint(double X, int Runs, SummaryStatistics TestAccuracy, SummaryStatistics TestRegret);

/// <summary>Runs of one algorithm summarised on a common grid, ready to plot.</summary>
public sealed record AggregateSeries(string Algorithm, AggregateAxis Axis, IReadOnlyList<AggregatePoint> Points);

/// <summary>Aggregation over seeds on a common grid.</summary>
/// <remarks>
/// The grid is log-spaced on every axis (<see cref="Grid"/>), because every chart draws these axes logarithmically.
/// Each run's trajectory is a step function (the incumbent holds until the next change), sampled at each grid x as
/// the last point with coordinate ≤ x; runs with no incumbent yet at x are left out there. Percentiles interpolate
/// linearly between order statistics (R type 7, numpy's default); the 95 % confidence interval of the mean is
/// mean ± t(0.975, n−1)·s/√n.
/// </remarks>
public static class SearchAggregation
{
    /// <summary>
    /// Samples every run's incumbent step function at <paramref name="points"/> positions of the axis and summarises the runs at each.
    /// </summary>
    public static AggregateSeries Aggregate(IReadOnlyList<SearchResult> runs, AggregateAxis axis, int points = 100)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var grid = Grid(runs, axis, points);
        var result = new AggregatePoint[grid.Length];
        var test = new double[runs.Count];
        var regret = new double[runs.Count];
        for (int g = 0; g < grid.Length; g++)
        {
            int n = 0;
            foreach (var run in runs)
            {
                int at = LastAtOrBefore(run.Trajectory, axis, grid[g]);
                if (at >= 0)
                {
                    test[n] = run.Trajectory[at].IncumbentMeanTestAccuracy;
                    regret[n] = run.Trajectory[at].TestRegret;
                    n++;
                }
            }

            result[g] = new AggregatePoint(grid[g], n, Summarise(test.AsSpan(0, n)), Summarise(regret.AsSpan(0, n)));
        }

        return new AggregateSeries(runs[0].Algorithm, axis, result);
    }

    /// <summary>
    /// The points a mean curve and its band are drawn at: where every run of the series has an incumbent. Before that
    /// the mean is over the runs that happen to have one — on the simulated-time axis, those whose first cells trained
    /// fastest, usually small and poor ones — and it rose and fell with who had arrived (the Fig. 7 preset's evolution
    /// mean jumped from 0.11 to 0.28 regret near 10³ s). On the queries axis every run has one from the first query, so
    /// nothing changes there. aggregate.csv keeps every point with its run count.
    /// </summary>
    public static AggregatePoint[] Drawn(AggregateSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        int all = series.Points.Count == 0 ? 0 : series.Points.Max(p => p.Runs);
        return [.. series.Points.Where(p => p.Runs > 0 && p.Runs == all)];
    }

    /// <summary>Where a trajectory point lies on the axis (simulated seconds, queries or cells explored).</summary>
    public static double Coordinate(in SearchProgress p, AggregateAxis axis) => axis switch
    {
        AggregateAxis.Queries => p.Step,
        AggregateAxis.CellsExplored => p.CellsExplored,
        _ => p.SimulatedSeconds,
    };

    /// <summary>Mean, median, quartiles and the 95 % confidence interval of the mean over runs (<see cref="SampleSummary"/>).</summary>
    public static SummaryStatistics Summarise(ReadOnlySpan<double> values)
    {
        var s = SampleSummary.Of(values);
        return new SummaryStatistics(s.Mean, s.Median, s.P25, s.P75, s.CiLow, s.CiHigh);
    }

    /// <summary>Linear interpolation between order statistics of sorted data (R type 7, numpy's default), by MathNet.</summary>
    public static double Percentile(double[] sorted, double q) => SampleSummary.Quantile(sorted, q);

    /// <summary>
    /// Log-spaced positions from the first coordinate of any run to the last of any, as every chart draws these axes
    /// logarithmically; on the integer axes (queries, cells explored) rounded and without repeats, so the first decade
    /// is sampled at every integer and not flattened by a linear grid's first step.
    /// </summary>
    public static double[] Grid(IReadOnlyList<SearchResult> runs, AggregateAxis axis, int points)
    {
        ArgumentNullException.ThrowIfNull(runs);
        double first = double.PositiveInfinity, last = 0;
        foreach (var run in runs)
        {
            first = Math.Min(first, Coordinate(run.Trajectory[0], axis));
            last = Math.Max(last, Coordinate(run.Final, axis));
        }

        bool integer = axis != AggregateAxis.SimulatedSeconds;
        first = Math.Max(first, integer ? 1 : 1e-9);
        last = Math.Max(last, first);
        var grid = new List<double>(points);
        for (int i = 0; i < points; i++)
        {
            double f = (double)i / (points - 1);
            double x = Math.Exp(Math.Log(first) + (f * (Math.Log(last) - Math.Log(first))));
            x = i == points - 1 ? last : integer ? Math.Round(x) : x;
            if (grid.Count == 0 || x > grid[^1])
            {
                grid.Add(x);
            }
        }

        return [.. grid];
    }

    /// <summary>The run's incumbent at <paramref name="x"/> on an axis: its last point at or before it, or null before its first.</summary>
    public static SearchProgress? At(SearchResult run, AggregateAxis axis, double x)
    {
        ArgumentNullException.ThrowIfNull(run);
        int at = LastAtOrBefore(run.Trajectory, axis, x);
        return at >= 0 ? run.Trajectory[at] : null;
    }

    private static int LastAtOrBefore(IReadOnlyList<SearchProgress> trajectory, AggregateAxis axis, double x)
    {
        int lo = 0, hi = trajectory.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Coordinate(trajectory[mid], axis) <= x)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
