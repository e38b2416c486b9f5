namespace NasBench.Core.Presentation;

/// <summary>
/// A figure as data: the series behind it, built once in Core. The CLI and the lab server's files draw it with
/// ScottPlot (PNG, SVG and PDF); pages draw the same series with Plotly.
/// </summary>
/// <param name="Name">File stem: <c>search</c> gives search.png, search.svg and search.pdf.</param>
/// <param name="Title">Title, with "real" or "SYNTHETIC" in it.</param>
/// <param name="Panels">One or more panels side by side.</param>
/// <param name="IsSynthetic">Whether the data behind it is synthetic.</param>
public sealed record Figure(string Name, string Title, IReadOnlyList<FigurePanel> Panels, bool IsSynthetic)
{
    /// <summary>Notes drawn under the figure (what the band is, why a curve can dip, …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>One panel: axes, series, and an optional annotation (e.g. "Pearson r = 0.21, p = 0.01").</summary>
public sealed record FigurePanel(string Title, FigureAxis X, FigureAxis Y, IReadOnlyList<FigureSeries> Series, string? Annotation = null);

/// <summary>An axis: label, log scale, and limits (null: from the data). Both renderers (ScottPlot files, Plotly pages)
/// read <see cref="WholeNumbers"/> and <see cref="Fraction"/> through <see cref="NasBench.Core.Presentation.AxisStyle"/>.</summary>
public sealed record FigureAxis(string Label, bool Log = false, double? Min = null, double? Max = null)
{
    /// <summary>Category labels of a bar axis (null for numeric axes).</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>The values are whole numbers (distances, counts): ticks only at integers. The default value is false.</summary>
    public bool WholeNumbers { get; init; }

    /// <summary>The values are fractions or probabilities: the axis never extends past [0, 1]. The default value is false.</summary>
    public bool Fraction { get; init; }
}

/// <summary>How a series is drawn.</summary>
public enum SeriesKind
{
    /// <summary>Straight segments between points.</summary>
    Line,

    /// <summary>A step function (best-so-far curves): the value holds until the next point.</summary>
    Step,

    /// <summary>Markers only.</summary>
    Scatter,

    /// <summary>A shaded band between <see cref="FigureSeries.Low"/> and <see cref="FigureSeries.High"/>.</summary>
    Band,

    /// <summary>Bars at the category positions 0, 1, 2, …</summary>
    Bar,
}

/// <summary>One series of a panel.</summary>
/// <param name="Name">Legend text (null: not in the legend).</param>
/// <param name="Kind">How it is drawn.</param>
/// <param name="X">X values.</param>
/// <param name="Y">Y values (the band's middle for <see cref="SeriesKind.Band"/>).</param>
/// <param name="Color">Index into the colour-blind-safe palette (series of one algorithm share it).</param>
public sealed record FigureSeries(string? Name, SeriesKind Kind, IReadOnlyList<double> X, IReadOnlyList<double> Y, int Color)
{
    /// <summary>Lower edge of a band.</summary>
    public IReadOnlyList<double>? Low { get; init; }

    /// <summary>Upper edge of a band.</summary>
    public IReadOnlyList<double>? High { get; init; }

    /// <summary>Line width in pixels (thin lines for single runs).</summary>
    public double Width { get; init; } = 2;

    /// <summary>Opacity in [0, 1].</summary>
    public double Opacity { get; init; } = 1;
}
