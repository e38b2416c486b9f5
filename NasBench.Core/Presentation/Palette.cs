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

    /// <summary>The colour with an alpha byte (#RRGGBBAA), for bands.</summary>
    public static string Of(int index, byte alpha) => Of(index) + alpha.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}
