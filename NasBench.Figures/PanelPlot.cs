using System.Globalization;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using ScottPlot;

namespace NasBench.Figures;

/// <summary>One panel of a figure as a ScottPlot <see cref="Plot"/>.</summary>
internal static class PanelPlot
{
    /// <summary>Core's one palette (Okabe–Ito), so a series has the same colour in the files and on the pages.</summary>
    private static readonly Color[] Palette = [.. Core.Presentation.Palette.Hex.Select(Color.FromHex)];

    public static Color ColorOf(int index) => Palette[((index % Palette.Length) + Palette.Length) % Palette.Length];

    public static Plot Build(Figure figure, FigurePanel panel, int index)
    {
        var plot = new Plot();
        bool named = false;
        foreach (var series in panel.Series)
        {
            Add(plot, panel, series);
            named |= !string.IsNullOrEmpty(series.Name);
        }

        string title = figure.Panels.Count == 1 ? figure.Title : index == 0 ? $"{figure.Title}\n{panel.Title}" : $"\n{panel.Title}";
        plot.Title(title, size: 15);
        plot.XLabel(panel.X.Label, size: 14);
        plot.YLabel(panel.Y.Label, size: 14);
        Axis(plot, plot.Axes.Bottom, panel.X);
        Axis(plot, plot.Axes.Left, panel.Y);
        Limits(plot, panel);
        if (named)
        {
            // Bars of fractions reach the top of the axis (it stops at 1): their legend goes outside, above the bars.
            if (panel.Series.Any(x => x.Kind == SeriesKind.Bar))
            {
                plot.ShowLegend(Edge.Top);
            }
            else
            {
                plot.ShowLegend(EmptiestCorner(plot, panel, annotated: panel.Annotation is { Length: > 0 }));
            }
        }

        if (panel.Annotation is { Length: > 0 } annotation)
        {
            var note = plot.Add.Annotation(annotation, Alignment.UpperLeft);
            note.LabelFontSize = 13;
            note.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
            note.LabelBorderColor = Colors.Gray;
            note.LabelShadowColor = Colors.Transparent;
        }

        return plot;
    }

    private static void Add(Plot plot, FigurePanel panel, FigureSeries series)
    {
        var color = ColorOf(series.Color).WithAlpha(series.Opacity);
        double[] xs = [.. series.X.Select(x => Scale(x, panel.X))];
        double[] ys = [.. series.Y.Select(y => Scale(y, panel.Y))];
        switch (series.Kind)
        {
            case SeriesKind.Band:
                var band = plot.Add.FillY(xs, [.. series.Low!.Select(y => Scale(y, panel.Y))], [.. series.High!.Select(y => Scale(y, panel.Y))]);
                band.FillColor = ColorOf(series.Color).WithAlpha(0.22 * series.Opacity);
                band.LineWidth = 0;
                band.LegendText = series.Name ?? string.Empty;
                break;
            case SeriesKind.Scatter:
                var points = plot.Add.ScatterPoints(xs, ys, color);
                points.MarkerSize = 6;
                points.LegendText = series.Name ?? string.Empty;
                break;
            case SeriesKind.Bar:
                var bars = plot.Add.Bars(xs, ys);
                bars.Color = color;
                bars.LegendText = series.Name ?? string.Empty;
                foreach (var bar in bars.Bars)
                {
                    bar.Size = series.Width;
                }

                break;
            default:
                var (sx, sy) = series.Kind == SeriesKind.Step ? Steps(xs, ys) : (xs, ys);
                var line = plot.Add.ScatterLine(sx, sy, color);
                line.LineWidth = (float)series.Width;
                line.LinePattern = series.Kind != SeriesKind.Line ? LinePattern.Solid : Core.Presentation.Palette.LineOf(series.Color) switch
                {
                    Core.Presentation.LineStyle.Solid => LinePattern.Solid,
                    Core.Presentation.LineStyle.Dashed => LinePattern.Dashed,
                    _ => LinePattern.Dotted,
                };
                line.LegendText = series.Name ?? string.Empty;
                break;
        }
    }

    /// <summary>
    /// The corner of the data area the legend covers least data in: lower right first (accuracy curves rise away from
    /// it), then upper right (regret curves fall away from it), upper left (unless the annotation is there), lower left.
    /// A fixed lower-right legend hid the end of every regret curve — the final regrets, what a Fig. 7 reader looks
    /// at (compare_mean.png of the Fig. 7 preset). Counts the series' points (band edges too) in a box of 42 % × 36 %
    /// of the axes at each corner, on the axes' drawn (log-scaled) coordinates.
    /// </summary>
    internal static Alignment EmptiestCorner(Plot plot, FigurePanel panel, bool annotated)
    {
        var limits = plot.Axes.GetLimits();
        double w = (limits.Right - limits.Left) * 0.42, h = (limits.Top - limits.Bottom) * 0.36;
        (Alignment Where, double X0, double Y0)[] corners =
        [
            (Alignment.LowerRight, limits.Right - w, limits.Bottom),
            (Alignment.UpperRight, limits.Right - w, limits.Top - h),
            (Alignment.UpperLeft, limits.Left, limits.Top - h),
            (Alignment.LowerLeft, limits.Left, limits.Bottom),
        ];
        var counts = new int[corners.Length];
        foreach (var series in panel.Series)
        {
            for (int i = 0; i < series.X.Count; i++)
            {
                double x = Scale(series.X[i], panel.X);
                foreach (double value in series.Kind == SeriesKind.Band ? [series.Low![i], series.High![i]] : (double[])[series.Y[i]])
                {
                    double y = Scale(value, panel.Y);
                    for (int c = 0; c < corners.Length; c++)
                    {
                        if (x >= corners[c].X0 && x <= corners[c].X0 + w && y >= corners[c].Y0 && y <= corners[c].Y0 + h)
                        {
                            counts[c]++;
                        }
                    }
                }
            }
        }

        int best = 0;
        for (int c = 1; c < corners.Length; c++)
        {
            if (!(annotated && corners[c].Where == Alignment.UpperLeft) && counts[c] < counts[best])
            {
                best = c;
            }
        }

        return corners[best].Where;
    }

    /// <summary>A step function's corners: each value holds until the next x.</summary>
    private static (double[] X, double[] Y) Steps(double[] xs, double[] ys)
    {
        if (xs.Length < 2)
        {
            return (xs, ys);
        }

        var x = new List<double>(xs.Length * 2);
        var y = new List<double>(xs.Length * 2);
        for (int i = 0; i < xs.Length; i++)
        {
            if (i > 0)
            {
                x.Add(xs[i]);
                y.Add(ys[i - 1]);
            }

            x.Add(xs[i]);
            y.Add(ys[i]);
        }

        return ([.. x], [.. y]);
    }

    private static double Scale(double v, FigureAxis axis) =>
        !axis.Log ? v : Math.Log10(v > 0 ? v : axis.Min is > 0 ? axis.Min.Value : 1e-6);

    private static void Axis(Plot plot, ScottPlot.IAxis target, FigureAxis axis)
    {
        if (axis.Categories is { } categories)
        {
            var ticks = new ScottPlot.TickGenerators.NumericManual();
            for (int i = 0; i < categories.Count; i++)
            {
                ticks.AddMajor(i, categories[i]);
            }

            target.TickGenerator = ticks;
            if (target == plot.Axes.Bottom)
            {
                plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
                plot.Axes.Bottom.MinimumSize = 150;
            }

            return;
        }

        if (axis.Log)
        {
            target.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = PowerOfTen,
            };
        }
    }

    /// <summary>The figure's limits; on a linear axis Core's <see cref="AxisStyle"/> range (a fraction's stops at 1) and,
    /// for whole numbers, ticks every <see cref="AxisStyle.IntegerStep"/>, as the pages' Plotly charts draw them.</summary>
    private static void Limits(Plot plot, FigurePanel panel)
    {
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        var (left, right) = Edges(panel, panel.X, x: true, limits.Left, limits.Right);
        var (bottom, top) = Edges(panel, panel.Y, x: false, limits.Bottom, limits.Top);
        plot.Axes.SetLimits(left, right, bottom, top);
        IntegerTicks(plot.Axes.Bottom, panel.X, left, right);
        IntegerTicks(plot.Axes.Left, panel.Y, bottom, top);
    }

    private static (double Low, double High) Edges(FigurePanel panel, FigureAxis axis, bool x, double autoLow, double autoHigh)
    {
        if (axis.Log || axis.Categories is not null || AxisStyle.Extent(panel, x) is not { } data)
        {
            double Edge(double? v, double fallback) => v is { } e ? (axis.Log ? Math.Log10(e) : e) : fallback;
            return (Edge(axis.Min, autoLow), Edge(axis.Max, autoHigh));
        }

        return AxisStyle.Range(axis, data.Low, data.High);
    }

    private static void IntegerTicks(ScottPlot.IAxis target, FigureAxis axis, double low, double high)
    {
        if (axis.WholeNumbers && !axis.Log && axis.Categories is null)
        {
            target.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(AxisStyle.IntegerStep(low, high));
        }
    }

    /// <summary>"10⁵", "10⁻³": the tick label of log10 = <paramref name="exponent"/>.</summary>
    internal static string PowerOfTen(double exponent)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        int k = (int)Math.Round(exponent);
        string digits = Math.Abs(k).ToString(CultureInfo.InvariantCulture);
        return "10" + (k < 0 ? "⁻" : string.Empty) + string.Concat(digits.Select(d => superscripts[d - '0']));
    }
}
