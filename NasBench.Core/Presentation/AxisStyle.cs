using NasBench.Core.Experiments;

namespace NasBench.Core.Presentation;

/// <summary>
/// How an axis of a figure is drawn, the same in the ScottPlot files and on the Plotly pages: its range (a fraction's
/// stops at 1 and starts at 0 at the least) and, for whole numbers, the step between ticks.
/// </summary>
public static class AxisStyle
{
    /// <summary>The axis's range over data spanning [<paramref name="low"/>, <paramref name="high"/>]: the figure's limits
    /// where it sets them, else the data with 5 % padding; a <see cref="FigureAxis.Fraction"/> axis clamped to [0, 1].</summary>
    public static (double Low, double High) Range(FigureAxis axis, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(axis);
        double pad = high > low ? (high - low) * 0.05 : Math.Max(Math.Abs(high) * 0.05, 0.5);
        double lo = axis.Min ?? low - pad;
        double hi = axis.Max ?? high + pad;
        if (axis.Fraction)
        {
            (lo, hi) = (Math.Max(lo, 0), Math.Min(hi, 1));
            if (hi <= lo)
            {
                (lo, hi) = (0, 1);
            }
        }

        return (lo, hi);
    }

    /// <summary>The extent of a panel's data along x (or y): every series' points and a band's edges; null when empty.</summary>
    public static (double Low, double High)? Extent(FigurePanel panel, bool x)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var values = panel.Series.SelectMany(s => x ? s.X : s.Y.Concat(s.Low ?? []).Concat(s.High ?? [])).Where(double.IsFinite).ToArray();
        return values.Length == 0 ? null : (values.Min(), values.Max());
    }

    /// <summary>
    /// The tick step of a whole-number axis over [<paramref name="low"/>, <paramref name="high"/>]: the smallest of
    /// 1, 2, 5, 10, 20, 50, … that gives at most <paramref name="maxTicks"/> ticks, so no tick falls between integers.
    /// </summary>
    public static double IntegerStep(double low, double high, int maxTicks = 10)
    {
        double span = Math.Max(high - low, 1);
        for (double decade = 1; ; decade *= 10)
        {
            foreach (double m in (ReadOnlySpan<double>)[1, 2, 5])
            {
                if (span / (m * decade) <= maxTicks)
                {
                    return m * decade;
                }
            }
        }
    }
}
