using NasBench.Core.Search;
using ScottPlot;

namespace NasBench.Cli.Plots;

/// <summary>Figures of searches: incumbent test accuracy per run, and the mean over runs with the 25–75 % band.</summary>
internal static class SearchPlots
{
    /// <summary>Mean incumbent (mean-of-3) test accuracy vs budget with the 25–75 % band, one colour per algorithm.</summary>
    public static string Mean(string path, IReadOnlyList<AggregateSeries> series, string tag)
    {
        var plot = new Plot();
        bool log = series[0].Axis == AggregateAxis.SimulatedSeconds;
        for (int i = 0; i < series.Count; i++)
        {
            var points = series[i].Points.Where(p => p.Runs > 0).ToArray();
            double[] xs = points.Select(p => log ? Math.Log10(p.X) : p.X).ToArray();
            var color = PlotStyle.ColorOf(i);
            var band = plot.Add.FillY(xs, points.Select(p => p.TestAccuracy.P25).ToArray(), points.Select(p => p.TestAccuracy.P75).ToArray());
            band.FillColor = color.WithAlpha(0.2);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(xs, points.Select(p => p.TestAccuracy.Mean).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = series[i].Algorithm;
        }

        if (log)
        {
            PlotStyle.LogX(plot);
        }

        plot.XLabel(AxisLabel(series[0].Axis));
        plot.YLabel("incumbent test accuracy (mean of 3 repeats)");
        plot.ShowLegend(Alignment.LowerRight);

        // Like the paper's ylim (0.92–0.95): focus on where the searches end, not on their first queries.
        plot.Axes.SetLimitsY(series.Min(s => s.Points[^1].TestAccuracy.P25) - 0.02, series.Max(s => s.Points.Max(p => p.Runs > 0 ? p.TestAccuracy.P75 : 0)) + 0.003);
        return PlotStyle.Save(plot, path, "Mean over runs, 25–75 % band", tag);
    }

    /// <summary>Every run's incumbent test accuracy vs simulated time or cells explored (the seed's per-run figures).</summary>
    public static string Runs(string path, SearchResult[][] results, AggregateAxis axis, string tag)
    {
        var plot = new Plot();
        bool log = axis == AggregateAxis.SimulatedSeconds;
        for (int a = 0; a < results.Length; a++)
        {
            var color = PlotStyle.ColorOf(a);
            foreach (var run in results[a])
            {
                // A step function: hold each incumbent until the next change.
                var xs = new List<double>();
                var ys = new List<double>();
                for (int i = 0; i < run.Trajectory.Count; i++)
                {
                    double x = SearchAggregation.Coordinate(run.Trajectory[i], axis);
                    if (i > 0)
                    {
                        xs.Add(Scale(x, log));
                        ys.Add(ys[^1]);
                    }

                    xs.Add(Scale(x, log));
                    ys.Add(run.Trajectory[i].IncumbentMeanTestAccuracy);
                }

                var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color.WithAlpha(0.6));
                line.LegendText = run.Run == 0 ? run.Algorithm : string.Empty;
            }
        }

        if (log)
        {
            PlotStyle.LogX(plot);
        }

        plot.XLabel(AxisLabel(axis));
        plot.YLabel("incumbent test accuracy (mean of 3 repeats)");
        plot.ShowLegend(Alignment.LowerRight);
        var finals = results.SelectMany(r => r).Select(r => r.Final.IncumbentMeanTestAccuracy).ToArray();
        plot.Axes.SetLimitsY(finals.Min() - 0.02, results.SelectMany(r => r).Max(r => r.Trajectory.Max(p => p.IncumbentMeanTestAccuracy)) + 0.003);
        return PlotStyle.Save(plot, path, $"Incumbent per run by {AxisLabel(axis)}", tag);
    }

    private static double Scale(double x, bool log) => log ? Math.Log10(Math.Max(x, 1e-9)) : x;

    private static string AxisLabel(AggregateAxis axis) => axis switch
    {
        AggregateAxis.Queries => "queries",
        AggregateAxis.CellsExplored => "cells explored",
        _ => "simulated training time (s, log scale)",
    };
}
