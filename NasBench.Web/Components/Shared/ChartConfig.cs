using Plotly.Blazor;

namespace NasBench.Web.Components.Shared;

/// <summary>The one Plotly configuration of the lab's charts: responsive, no logo, and the modebar's camera button
/// saving a PNG named after the chart (its SVG twin is <see cref="ChartDownloads"/>).</summary>
public static class ChartConfig
{
    /// <summary>A config whose camera button downloads <paramref name="name"/>.png at twice the screen resolution.</summary>
    public static Config Create(string name) => new()
    {
        Responsive = true,
        DisplayLogo = false,
        ToImageButtonOptions = new { format = "png", filename = FileName(name), scale = 2 },
    };

    /// <summary>A file name without characters browsers refuse.</summary>
    public static string FileName(string name) =>
        string.Concat((string.IsNullOrWhiteSpace(name) ? "chart" : name).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}
