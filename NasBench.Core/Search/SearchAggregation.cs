using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace NasBench.Core.Search;

/// <summary>The x axis runs are compared on.</summary>
public enum AggregateAxis
{
    /// <summary>Queries made (linear grid).</summary>
    Queries,

    /// <summary>Distinct cells explored (linear grid).</summary>
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

    /// <summary>Where a trajectory point lies on the axis (simulated seconds, queries or cells explored).</summary>
    public static double Coordinate(in SearchProgress p, AggregateAxis axis) => axis switch
    {
        AggregateAxis.Queries => p.Step,
        AggregateAxis.CellsExplored => p.CellsExplored,
        _ => p.SimulatedSeconds,
    };

    /// <summary>Mean, median, quartiles and the 95 % confidence interval of the mean over runs.</summary>
    public static SummaryStatistics Summarise(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n == 0)
        {
            return new SummaryStatistics(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        double mean = 0;
        foreach (double v in sorted)
        {
            mean += v;
        }

        mean /= n;
        double half = double.NaN;
        if (n > 1)
        {
            double ss = 0;
            foreach (double v in sorted)
            {
                ss += (v - mean) * (v - mean);
            }

            half = StudentT.InvCDF(0, 1, n - 1, 0.975) * Math.Sqrt(ss / (n - 1)) / Math.Sqrt(n);
        }

        return new SummaryStatistics(mean, Percentile(sorted, 0.5), Percentile(sorted, 0.25), Percentile(sorted, 0.75), mean - half, mean + half);
    }

    /// <summary>Linear interpolation between order statistics of sorted data (R type 7, numpy's default), by MathNet.</summary>
    public static double Percentile(double[] sorted, double q) => SortedArrayStatistics.QuantileCustom(sorted, q, QuantileDefinition.R7);

    private static double[] Grid(IReadOnlyList<SearchResult> runs, AggregateAxis axis, int points)
    {
        double first = double.PositiveInfinity, last = 0;
        foreach (var run in runs)
        {
            first = Math.Min(first, Coordinate(run.Trajectory[0], axis));
            last = Math.Max(last, Coordinate(run.Final, axis));
        }

        first = Math.Max(first, axis == AggregateAxis.SimulatedSeconds ? 1e-9 : 1);
        last = Math.Max(last, first);
        var grid = new double[points];
        for (int i = 0; i < points; i++)
        {
            double f = (double)i / (points - 1);
            grid[i] = axis == AggregateAxis.SimulatedSeconds
                ? Math.Exp(Math.Log(first) + (f * (Math.Log(last) - Math.Log(first))))
                : Math.Round(first + (f * (last - first)));
        }

        grid[^1] = last;
        return grid;
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
