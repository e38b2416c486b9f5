using NasBench.Core.Statistics;
using NasBench.Core.Studies.Distance;
using NasBench.Core.Studies.PerformantCells;
using ScottPlot;

namespace NasBench.Cli.Plots;

/// <summary>Figures of the studies.</summary>
internal static class StudyPlots
{
    /// <summary>Mean |Δ accuracy| per distance value, one line per distance (with the pairs as faint points).</summary>
    public static string Distance(string path, DistanceStudyResult result, string tag)
    {
        var plot = new Plot();
        for (int d = 0; d < result.Distances.Count; d++)
        {
            var distance = result.Distances[d];
            var color = PlotStyle.ColorOf(d);
            double offset = (d - 1) * 0.15;
            var points = plot.Add.ScatterPoints(distance.Values.Select(v => v + offset).ToArray(), result.AbsoluteDeltas.ToArray(), color.WithAlpha(0.15));
            points.MarkerSize = 3;
            var line = plot.Add.Scatter(distance.Bins.Select(b => (double)b.Distance).ToArray(), distance.Bins.Select(b => b.MeanAbsoluteDelta).ToArray(), color);
            line.LineWidth = 2;
            line.LegendText = $"{distance.Distance}: pearson r = {distance.Correlation.Pearson.R:F3}, spearman = {distance.Correlation.Spearman.R:F3}";
        }

        plot.XLabel("distance between the two cells");
        plot.YLabel("|Δ mean validation accuracy|");
        plot.ShowLegend(Alignment.UpperRight);
        return PlotStyle.Save(plot, path, $"Distance vs accuracy, {result.AbsoluteDeltas.Count} pairs", tag);
    }

    /// <summary>Frequency of each feature among performant cells and among all cells (bars side by side).</summary>
    public static string Cells(string path, PerformantCellsResult result, string tag)
    {
        var plot = new Plot();
        var features = result.Features;
        var performant = plot.Add.Bars(features.Select((f, i) => i - 0.2).ToArray(), features.Select(f => double.IsNaN(f.PerformantFrequency) ? 0 : f.PerformantFrequency).ToArray());
        performant.LegendText = $"performant ({result.Performant:N0} cells)";
        performant.Color = PlotStyle.ColorOf(1);
        var all = plot.Add.Bars(features.Select((f, i) => i + 0.2).ToArray(), features.Select(f => f.AllFrequency).ToArray());
        all.LegendText = $"all ({result.All:N0} cells)";
        all.Color = PlotStyle.ColorOf(0);
        foreach (var bar in performant.Bars.Concat(all.Bars))
        {
            bar.Size = 0.4;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < features.Count; i++)
        {
            ticks.AddMajor(i, features[i].Feature + (features[i].Q < 0.05 ? " *" : string.Empty));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 190;
        plot.YLabel("frequency");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title($"Performant cells vs all cells (* BH q < 0.05) ({tag})");
        plot.SavePng(path, 1600, 720);
        return path;
    }

    public static string Scatter(string path, double[] xs, double[] ys, string xName, string yName, CorrelationResult r)
    {
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(xs, ys, PlotStyle.ColorOf(0));
        points.MarkerSize = 5;
        plot.XLabel(xName);
        plot.YLabel(yName);
        plot.Title($"n = {r.N}: pearson r = {r.Pearson.R:F4} (p = {r.Pearson.P:G3}), spearman = {r.Spearman.R:F4}, kendall = {r.Kendall.R:F4}");
        plot.SavePng(path, PlotStyle.Width, PlotStyle.Height);
        return path;
    }
}
