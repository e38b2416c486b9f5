using NasBench.Core.Presentation;
using NasBench.Core.Statistics;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.BarLib;

namespace NasBench.Web.Components.Shared.Studies;

/// <summary>The rank-correlation chart of the proxies and advise pages: per predictor, Spearman ρ and Kendall τ as grouped
/// bars with their 95 % bootstrap CIs as error bars, in the lab's palette (ρ: colour 0, τ: colour 1).</summary>
public static class RankChart
{
    /// <summary>The two bar traces.</summary>
    public static IList<ITrace> Traces(IReadOnlyList<(string Name, CorrelationResult Correlation)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new List<ITrace>
        {
            Bars("Spearman ρ", rows, c => c.Spearman, 0),
            Bars("Kendall τ", rows, c => c.Kendall, 1),
        };
    }

    /// <summary>The chart's layout: ρ and τ from −1 to 1, the y-axis titled with what they are measured against.</summary>
    public static Plotly.Blazor.Layout Layout(string against) => new()
    {
        Height = 360,
        BarMode = BarModeEnum.Group,
        Margin = new Margin { L = 60, R = 20, T = 20, B = 60 },
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m }],
        YAxis = [new YAxis { Range = [-1, 1], Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"rank correlation with {against}" } }],
    };

    private static Bar Bars(string name, IReadOnlyList<(string Name, CorrelationResult Correlation)> rows, Func<CorrelationResult, CorrelationCoefficient> pick, int colour) => new()
    {
        Name = name,
        X = [.. rows.Select(r => (object)r.Name)],
        Y = [.. rows.Select(r => (object)pick(r.Correlation).R)],
        Marker = new Marker { Color = Palette.Of(colour) },
        ErrorY = new ErrorY
        {
            Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data, Symmetric = false, Visible = true,
            Array = [.. rows.Select(r => (object)Math.Max(0, pick(r.Correlation).CiHigh - pick(r.Correlation).R))],
            ArrayMinus = [.. rows.Select(r => (object)Math.Max(0, pick(r.Correlation).R - pick(r.Correlation).CiLow))],
        },
    };
}
