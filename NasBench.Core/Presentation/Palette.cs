namespace NasBench.Core.Presentation;

/// <summary>
/// The one palette of every chart, file or page (ScottPlot and Plotly read it from here): Okabe–Ito, distinguishable
/// with the common colour-vision deficiencies. Series index i always gets the same colour in search.png and on the page.
/// </summary>
public static class Palette
{
    /// <summary>The colours as #RRGGBB, in the order series take them.</summary>
    public static IReadOnlyList<string> Hex { get; } = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>The colour of series <paramref name="index"/> (wrapping, negative indices too).</summary>
    public static string Of(int index) => Hex[((index % Hex.Count) + Hex.Count) % Hex.Count];

    /// <summary>The line of series <paramref name="index"/>'s mean curve: solid while the colours last, then (the colours
    /// coming round again) dashed, then dotted, so no two mean curves look alike in the files or on the pages (the 150-query
    /// preset has 11 algorithms and the palette 8 colours).</summary>
    public static LineStyle LineOf(int index) => (Math.Max(index, 0) / Hex.Count) switch { 0 => LineStyle.Solid, 1 => LineStyle.Dashed, _ => LineStyle.Dotted };

    /// <summary>The colour with an alpha byte (#RRGGBBAA), for bands.</summary>
    public static string Of(int index, byte alpha) => Of(index) + alpha.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>How a mean curve is drawn (<see cref="Palette.LineOf"/>).</summary>
public enum LineStyle
{
    /// <summary>A solid line.</summary>
    Solid,

    /// <summary>A dashed line.</summary>
    Dashed,

    /// <summary>A dotted line.</summary>
    Dotted,
}
