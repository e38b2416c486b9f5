using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Web.Components.Shared;
using NasBench.Web.Data;
using NasBench.Web.Services;
using Plotly.Blazor.Traces;

namespace NasBench.Web.Tests.Pages;

/// <summary>The live search chart's data (<see cref="SearchChartModel"/>): the first 20 runs of each algorithm thin, every
/// mean over every thin line, and a live update that inserts new runs before the means and names the means' new indices.</summary>
public sealed class SearchChartModelTests
{
    private static readonly CompareRequest Request = new() { Algorithms = ["random", "evolution"], Runs = 30, Queries = 100 };
    private long _id;

    [Fact]
    public void Load_DrawsTwentyRunsOfEachAlgorithm_ThenEveryBandAndMean()
    {
        var model = new SearchChartModel(Request);
        var rows = Rows(configurations: 2, runs: 30, steps: 3);
        model.Load(new TrajectoryRead(rows, rows.Count, rows[^1].Id));

        Assert.Equal(60, model.Runs);
        Assert.Equal(2 * SearchFigures.ThinRunsDrawn, model.RunsDrawn);
        Assert.Equal((2 * SearchFigures.ThinRunsDrawn) + 4, model.Data.Count);
        Assert.Equal(rows.Count, model.Rows);
        Assert.Equal(2 * SearchFigures.ThinRunsDrawn * 3, model.Points);
        var names = model.Data.Select(t => ((Scatter)t).Name).ToList();
        // The thin lines are runs 0–19 of each algorithm; the bands and means come last, so they are drawn on top.
        Assert.All(names.Take(40), n => Assert.Matches(@"^(random|evolution) run (1?\d)$", n));
        Assert.Equal(["random 25–75 %", "random mean", "evolution 25–75 %", "evolution mean"], names.Skip(40));
        // The mean is over all 30 runs: run r's accuracy is r / 100 at every step, so the mean is 0.145, not 0.095 (20 runs).
        Assert.Equal(0.145, (double)((Scatter)model.Data[41]).Y[^1], 12);
    }

    [Fact]
    public void Extend_InsertsNewThinRunsBeforeTheMeans_CountsUndrawnRuns_AndReplacesTheMeansAtTheirNewIndices()
    {
        var model = new SearchChartModel(Request);
        var first = Rows(configurations: 2, runs: 2, steps: 2);
        model.Load(new TrajectoryRead(first, first.Count, first[^1].Id));
        Assert.Equal(4 + 4, model.Data.Count);

        // New rows: one more step of run 0 of random, a new run 5 of evolution (drawn), a new run 25 of evolution (not drawn).
        var more = new List<TrajectoryPoint> { Row(0, 0, 2), Row(1, 5, 0), Row(1, 5, 1), Row(1, 25, 0) };
        var update = model.Extend(more);

        Assert.Equal(4, update.At);
        Assert.Equal([0], update.Indices);
        var added = Assert.Single(update.Added);
        Assert.Contains("evolution run 5", added.ToString(), StringComparison.Ordinal);
        Assert.Equal(5, model.RunsDrawn);
        Assert.Equal(6, model.Runs);
        Assert.Equal(first.Count + 4, model.Rows);
        Assert.Equal(first.Count + 3, model.Points);
        // Both algorithms were touched: their band and mean, after the five thin runs.
        Assert.Equal([5, 6, 7, 8], update.Replaced.Select(r => (int)r.GetType().GetProperty("index")!.GetValue(r)!));
        Assert.Equal("evolution run 5", ((Scatter)model.Data[4]).Name);
        Assert.Equal("evolution mean", ((Scatter)model.Data[8]).Name);
        // Evolution's mean is over runs 0, 1, 5 and 25: (0.00 + 0.01 + 0.05 + 0.25) / 4 where every run has an incumbent.
        Assert.Equal(0.0775, (double)((Scatter)model.Data[8]).Y[^1], 12);
        // A redraw from the model equals what the browser now holds.
        var again = new SearchChartModel(Request);
        var all = first.Concat(more).ToList();
        again.Load(new TrajectoryRead(all, all.Count, all[^1].Id));
        Assert.Equal(again.Data.Select(t => ((Scatter)t).Name).Order(), model.Data.Select(t => ((Scatter)t).Name).Order());
    }

    private List<TrajectoryPoint> Rows(int configurations, int runs, int steps) =>
        [.. from c in Enumerable.Range(0, configurations) from r in Enumerable.Range(0, runs) from s in Enumerable.Range(0, steps) select Row(c, r, s)];

    private TrajectoryPoint Row(int configuration, int run, int step) => new()
    {
        Id = ++_id, ExperimentId = 1, Configuration = configuration, Run = run, Step = step + 1, CellsExplored = step + 1,
        SimulatedSeconds = 100 * (step + 1), IncumbentHash = new string('0', 32), ValidationAccuracy = run / 100.0,
        TestAccuracy = run / 100.0, MeanTestAccuracy = run / 100.0, TestRegret = 0.5 - (run / 100.0),
    };
}
