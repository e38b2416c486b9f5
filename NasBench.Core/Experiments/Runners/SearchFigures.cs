using System.Globalization;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Presentation;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments.Runners;

/// <summary>
/// The series of the search figures, drawn as the NAS-Bench-101 paper draws them: test regret (log) against simulated
/// time or queries (log), the mean over runs with its 25–75 % band, the number of runs in the legend; or the
/// incumbent's mean test accuracy (linear) as the option.
/// </summary>
public static class SearchFigures
{
    /// <summary>Mean over runs with the 25–75 % band, one colour per algorithm.</summary>
    public static Figure Mean(string name, IReadOnlyList<AggregateSeries> series, SearchResult[][] runs, bool regret, BenchmarkTables tables, string tag)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(runs);
        var list = new List<FigureSeries>();
        for (int i = 0; i < series.Count; i++)
        {
            var points = SearchAggregation.Drawn(series[i]);
            var stats = points.Select(p => regret ? p.TestRegret : p.TestAccuracy).ToArray();
            double[] xs = [.. points.Select(p => p.X)];
            list.Add(new FigureSeries(null, SeriesKind.Band, xs, [.. stats.Select(s => s.Mean)], i) { Low = [.. stats.Select(s => s.P25)], High = [.. stats.Select(s => s.P75)] });
            list.Add(new FigureSeries(string.Create(CultureInfo.InvariantCulture, $"{series[i].Algorithm} (mean of {runs[i].Length} runs, 25–75 % band)"), SeriesKind.Line, xs, [.. stats.Select(s => s.Mean)], i));
        }

        var axis = series.Count > 0 ? series[0].Axis : AggregateAxis.SimulatedSeconds;
        var y = YAxis(regret, list, tables);
        var panel = new FigurePanel(string.Empty, Visible(XAxis(axis, runs), y, list), y, list);
        return new Figure(name, $"{(regret ? "Test regret" : "Incumbent test accuracy")}, mean over runs ({tag})", [panel], tables.IsSynthetic);
    }

    /// <summary>The most runs of one algorithm drawn as thin lines (<see cref="Runs"/>).</summary>
    public const int ThinRunsDrawn = 20;

    /// <summary>Runs as thin step lines (the first <see cref="ThinRunsDrawn"/> of each algorithm), and over all of them the
    /// mean over every run of each algorithm as a thick one.</summary>
    /// <remarks>The Fig. 7 preset's 7 × 500 runs drew 3,500 step lines over the means, which then could not be seen: the
    /// thin lines show the spread with 20 runs as well, and every mean is drawn after every thin line.</remarks>
    public static Figure Runs(string name, SearchResult[][] runs, AggregateAxis axis, bool regret, BenchmarkTables tables, string tag)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = new List<FigureSeries>();
        for (int a = 0; a < runs.Length; a++)
        {
            foreach (var run in runs[a].Take(ThinRunsDrawn))
            {
                double[] xs = [.. run.Trajectory.Select(p => SearchAggregation.Coordinate(p, axis))];
                double[] ys = [.. run.Trajectory.Select(p => regret ? p.TestRegret : p.IncumbentMeanTestAccuracy)];
                list.Add(new FigureSeries(null, SeriesKind.Step, xs, ys, a) { Width = 1, Opacity = 0.35 });
            }
        }

        for (int a = 0; a < runs.Length; a++)
        {
            int n = runs[a].Length;
            string drawn = n > ThinRunsDrawn ? $"{ThinRunsDrawn} of {n} runs, thin; mean of {n}, thick" : $"{n} runs, thin; mean, thick";
            var mean = SearchAggregation.Drawn(SearchAggregation.Aggregate(runs[a], axis));
            list.Add(new FigureSeries(string.Create(CultureInfo.InvariantCulture, $"{runs[a][0].Algorithm} ({drawn})"), SeriesKind.Line,
                [.. mean.Select(p => p.X)], [.. mean.Select(p => regret ? p.TestRegret.Mean : p.TestAccuracy.Mean)], a) { Width = 2.5 });
        }

        var y = YAxis(regret, list, tables);
        var panel = new FigurePanel(string.Empty, Visible(XAxis(axis, runs), y, list), y, list);
        return new Figure(name, $"{(regret ? "Test regret" : "Incumbent test accuracy")} per run by {Label(axis)} ({tag})", [panel], tables.IsSynthetic);
    }

    private static FigureAxis XAxis(AggregateAxis axis, SearchResult[][] runs)
    {
        var all = runs.SelectMany(r => r).ToArray();
        double first = all.Min(r => Math.Max(SearchAggregation.Coordinate(r.Trajectory[0], axis), axis == AggregateAxis.SimulatedSeconds ? 1e-9 : 1));
        double last = all.Max(r => SearchAggregation.Coordinate(r.Final, axis));
        bool log = axis != AggregateAxis.CellsExplored || last / Math.Max(first, 1) > 100;
        return new FigureAxis(Label(axis) + (log ? " (log scale)" : string.Empty), log, first, Math.Max(last, first * 1.01));
    }

    /// <summary>On a clipped y axis (accuracy), the x axis starts where the first curve enters the view.</summary>
    private static FigureAxis Visible(FigureAxis x, FigureAxis y, List<FigureSeries> series)
    {
        if (y.Log || y.Min is not { } bottom)
        {
            return x;
        }

        double first = series.Where(s => s.Kind == SeriesKind.Line)
            .Select(s => Enumerable.Range(0, s.X.Count).Where(i => s.Y[i] >= bottom).Select(i => s.X[i]).DefaultIfEmpty(double.PositiveInfinity).First())
            .DefaultIfEmpty(double.PositiveInfinity).Min();
        return double.IsFinite(first) && first > (x.Min ?? 0) ? x with { Min = x.Log ? first / 1.5 : first } : x;
    }

    private static FigureAxis YAxis(bool regret, List<FigureSeries> series, BenchmarkTables tables)
    {
        var values = series.Where(s => s.Kind != SeriesKind.Band).SelectMany(s => s.Y).Where(double.IsFinite).ToArray();
        if (!regret)
        {
            // Like the paper's ylim: where the searches end, not their first queries.
            double top = Math.Max(values.Max(), tables.BestMeanTestAccuracy) + 0.002;
            double bottom = series.Where(s => s.Kind == SeriesKind.Line).Min(s => s.Y[^1]) - 0.02;
            return new FigureAxis("incumbent test accuracy (mean of 3 repeats)", false, bottom, Math.Min(top, 1)) { Fraction = true };
        }

        double floor = values.Where(v => v > 0).DefaultIfEmpty(1e-3).Min() / 2;
        return new FigureAxis("test regret (log scale)", true, Math.Max(floor, 1e-5), values.Max() * 1.5);
    }

    private static string Label(AggregateAxis axis) => axis switch
    {
        AggregateAxis.Queries => "queries",
        AggregateAxis.CellsExplored => "cells explored",
        _ => "simulated training time (s)",
    };
}
