using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.Search;

public sealed class SearchAggregationTests
{
    private static SearchResult Run(int run, params (long Step, double Time, double MeanTest)[] points)
    {
        var config = new SearchConfiguration(new RandomSearchOptions(), SearchBudget.OfQueries(10), SearchProtocol.NasBench101, 0);
        var trajectory = points.Select(p => new SearchProgress(p.Step, (int)p.Step, p.Time, 0, 1, default, 0.9, p.MeanTest, p.MeanTest, 0.95 - p.MeanTest)).ToList();
        return new SearchResult(config, run, true, trajectory);
    }

    [Fact]
    public void Aggregate_SamplesTheStepFunction()
    {
        var runs = new[] { Run(0, (1, 10, 0.90), (5, 50, 0.95), (10, 100, 0.95)) };
        var series = SearchAggregation.Aggregate(runs, AggregateAxis.Queries, 10);
        // Log-spaced, rounded, without repeats (the grid was linear, 1..10, before issue 18).
        Assert.Equal([1.0, 2, 3, 4, 5, 6, 8, 10], series.Points.Select(p => p.X));
        Assert.Equal(0.90, series.Points[3].TestAccuracy.Mean);
        Assert.Equal(0.95, series.Points[4].TestAccuracy.Mean);
        Assert.Equal(0.95, series.Points[^1].TestAccuracy.Mean);
    }

    [Fact]
    public void Aggregate_SummariesMatchAnIndependentComputation()
    {
        double[] finals = [0.90, 0.93, 0.92, 0.95];
        var runs = finals.Select((v, r) => Run(r, (1, 10, 0.8), (10, 100 + r, v))).ToArray();
        var point = SearchAggregation.Aggregate(runs, AggregateAxis.Queries, 10).Points[^1];
        Assert.Equal(4, point.Runs);
        Assert.Equal(0.925, point.TestAccuracy.Mean, 12);
        Assert.Equal(0.925, point.TestAccuracy.Median, 12);
        Assert.Equal(0.915, point.TestAccuracy.P25, 12);   // numpy.percentile([.90,.92,.93,.95], 25)
        Assert.Equal(0.935, point.TestAccuracy.P75, 12);
        double sd = Math.Sqrt(finals.Sum(v => (v - 0.925) * (v - 0.925)) / 3);
        double t975 = 3.182446305284263;                   // Student t, 3 dof, 97.5 % (tables)
        Assert.Equal(0.925 - (t975 * sd / 2), point.TestAccuracy.CiLow, 9);
        Assert.Equal(0.925 + (t975 * sd / 2), point.TestAccuracy.CiHigh, 9);
        Assert.Equal(0.95 - 0.925, point.TestRegret.Mean, 12);
    }

    [Fact]
    public void Grid_OnQueries_IsLogSpaced_AndHoldsEveryIntegerOfTheFirstDecade()
    {
        var runs = new[] { Run(0, (1, 10, 0.90), (50_000, 100, 0.95)) };
        var grid = SearchAggregation.Grid(runs, AggregateAxis.Queries, 100);
        Assert.Equal([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10], grid.Where(x => x <= 10));
        Assert.Equal(50_000, grid[^1]);
        Assert.InRange(grid.Count(x => x is > 10_000 and <= 50_000), 10, 20); // about 14 per decade, not 80 of 100 in the last
    }

    [Fact]
    public void Aggregate_SimulatedTime_IsLogSpacedAndSkipsRunsWithoutIncumbent()
    {
        var runs = new[] { Run(0, (1, 10, 0.9), (2, 1000, 0.9)), Run(1, (1, 100, 0.8), (2, 1000, 0.8)) };
        var series = SearchAggregation.Aggregate(runs, AggregateAxis.SimulatedSeconds, 3);
        Assert.Equal([10.0, 100.0, 1000.0], series.Points.Select(p => Math.Round(p.X, 9)));
        Assert.Equal(1, series.Points[0].Runs);
        Assert.Equal(2, series.Points[1].Runs);
        Assert.Equal(0.85, series.Points[1].TestAccuracy.Mean, 12);
    }

    /// <summary>The mean curve starts where every run has an incumbent: at 10 s only run 0's 0.9 exists, and a mean drawn
    /// there would be run 0 alone (the rise-and-fall of the Fig. 7 preset's early means).</summary>
    [Fact]
    public void Drawn_StartsWhereEveryRunHasAnIncumbent()
    {
        var runs = new[] { Run(0, (1, 10, 0.9), (2, 1000, 0.9)), Run(1, (1, 100, 0.8), (2, 1000, 0.8)) };
        var series = SearchAggregation.Aggregate(runs, AggregateAxis.SimulatedSeconds, 3);
        Assert.Equal([100.0, 1000.0], SearchAggregation.Drawn(series).Select(p => Math.Round(p.X, 9)));
        Assert.All(SearchAggregation.Drawn(series), p => Assert.Equal(0.85, p.TestAccuracy.Mean, 12));
        // On the queries axis every run has one from its first query: nothing is left out.
        var byQueries = SearchAggregation.Aggregate(runs, AggregateAxis.Queries, 3);
        Assert.Equal(byQueries.Points.Count, SearchAggregation.Drawn(byQueries).Length);
    }

    [Fact]
    public void Csv_WritesOneLinePerTrajectoryPointAndMarksSynthetic()
    {
        var runs = new[] { Run(0, (1, 10, 0.9), (2, 1000, 0.91)) };
        using var writer = new StringWriter();
        SearchCsv.WriteTrajectories(writer, runs);
        var lines = writer.ToString().TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("synthetic", lines[1], StringComparison.Ordinal);
        using var aggregate = new StringWriter();
        SearchCsv.WriteAggregate(aggregate, [SearchAggregation.Aggregate(runs, AggregateAxis.Queries, 2)], synthetic: true);
        Assert.Equal(3, aggregate.ToString().TrimEnd().Split('\n').Length);
        _ = CellHash.Parse(lines[1].Split(',')[10]);
    }
}
