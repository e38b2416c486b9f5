using NasBench.Core.Experiments;
using SkiaSharp;

namespace NasBench.Figures.Tests;

public sealed class ScottPlotRendererTests
{
    private static FigurePanel Panel(string title, int color) => new(title, new FigureAxis("queries", Log: true), new FigureAxis("regret", Log: true),
        [new FigureSeries("run", SeriesKind.Step, [1, 10, 100, 1000], [0.1, 0.05, 0.01, 0.001], color) { Width = 4 }], $"annotation {title}");

    [Fact]
    public void Figure_GivesAPngAndAnSvg_WithEveryPanelDrawn()
    {
        var figure = new Figure("three", "Three panels (real)", [Panel("first", 0), Panel("second", 1), Panel("third", 2)], IsSynthetic: false) { Notes = ["a note under the plot"] };
        var files = new ScottPlotRenderer { PanelWidth = 300, Height = 240 }.Render(figure);

        Assert.Equal(["three.png", "three.svg"], files.Select(f => f.Name));
        using var bitmap = SKBitmap.Decode(files[0].Content.ToArray());
        Assert.Equal((900, 240 + 30), (bitmap.Width, bitmap.Height));
        for (int panel = 0; panel < 3; panel++)
        {
            // Each third holds its own coloured line, not only background.
            int coloured = 0;
            for (int x = panel * 300; x < (panel + 1) * 300; x += 2)
            {
                for (int y = 0; y < 240; y += 2)
                {
                    var c = bitmap.GetPixel(x, y);
                    coloured += Math.Max(Math.Max(c.Red, c.Green), c.Blue) - Math.Min(Math.Min(c.Red, c.Green), c.Blue) > 60 ? 1 : 0;
                }
            }

            Assert.True(coloured > 20, $"panel {panel} has {coloured} coloured pixels");
        }

        string svg = System.Text.Encoding.UTF8.GetString(files[1].Content.Span);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("a note under the plot", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, "10⁵")]
    [InlineData(-3, "10⁻³")]
    [InlineData(0, "10⁰")]
    [InlineData(12, "10¹²")]
    public void LogTicks_AreLabelledAsPowersOfTen(double exponent, string label) => Assert.Equal(label, PanelPlot.PowerOfTen(exponent));
}
