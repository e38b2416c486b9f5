using ScottPlot;

namespace NasBench.Cli.Plots;

/// <summary>Shared look of the PNG figures (ScottPlot 5): colours per algorithm, log axes, saving.</summary>
internal static class PlotStyle
{
    public const int Width = 1000;
    public const int Height = 640;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static Color ColorOf(int i) => Palette.GetColor(i);

    /// <summary>Plots of log-scaled data use log10(x) coordinates; this labels the ticks with x itself.</summary>
    public static void LogX(Plot plot)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("0.#E+0", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Bottom.TickGenerator = ticks;
    }

    public static string Save(Plot plot, string path, string title, string tag)
    {
        plot.Title($"{title} ({tag})");
        plot.SavePng(path, Width, Height);
        return path;
    }
}
