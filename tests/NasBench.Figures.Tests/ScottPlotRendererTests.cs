using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using SkiaSharp;

namespace NasBench.Figures.Tests;

public sealed class ScottPlotRendererTests
{
    private static FigurePanel Panel(string title, int color) => new(title, new FigureAxis("queries", Log: true), new FigureAxis("regret", Log: true),
        [new FigureSeries("run", SeriesKind.Step, [1, 10, 100, 1000], [0.1, 0.05, 0.01, 0.001], color) { Width = 4 }], $"annotation {title}");

    [Fact]
    public void Figure_GivesAPngAnSvgAndAPdf_WithEveryPanelDrawn()
    {
        var figure = new Figure("three", "Three panels (real)", [Panel("first", 0), Panel("second", 1), Panel("third", 2)], IsSynthetic: false) { Notes = ["a note under the plot"] };
        var files = new ScottPlotRenderer { PanelWidth = 300, Height = 240 }.Render(figure);

        Assert.Equal(["three.png", "three.svg", "three.pdf"], files.Select(f => f.Name));
        Assert.Equal(["image/png", "image/svg+xml", "application/pdf"], files.Select(f => f.ContentType));
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

    [Fact]
    public void Pdf_IsOneVectorPage_OfTheFiguresSize_InPoints()
    {
        var figure = new Figure("two", "Two panels (real)", [Panel("first", 0), Panel("second", 1)], IsSynthetic: false) { Notes = ["note one", "note two"] };
        var renderer = new ScottPlotRenderer { PanelWidth = 400, Height = 300 };
        var pdf = renderer.Render(figure).Single(f => f.Name == "two.pdf").Content.ToArray();

        string text = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-1.", text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF", text.TrimEnd(), StringComparison.Ordinal);
        // One page, 800 × (300 + two note lines of 20 + half a line) points: one pixel of the PNG is one point.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, @"/Type /Page\b"));
        var box = System.Text.RegularExpressions.Regex.Match(text, @"/MediaBox \[0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\]");
        Assert.True(box.Success, "no MediaBox");
        // Skia writes its float scalars with a small loss (799.92 for 800): within 0.1 pt (0.04 mm).
        Assert.InRange(double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 799.9, 800.1);
        Assert.InRange(double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 349.9, 350.1);
        Assert.Contains("/Title (Two panels \\(real\\))", text, StringComparison.Ordinal);
        // Vector: no embedded raster image, and the same figure gives the same bytes.
        Assert.DoesNotContain("/Subtype /Image", text, StringComparison.Ordinal);
        Assert.Equal(pdf, renderer.Render(figure).Single(f => f.Name == "two.pdf").Content.ToArray());
        if (PdfInfo(pdf) is { } info)
        {
            Assert.Matches(@"Pages:\s+1\n", info);
            Assert.Matches(@"Page size:\s+(799\.9\d*|800) x (349\.9\d*|350) pts", info);
        }
    }

    /// <summary>poppler's pdfinfo on the bytes, when it is installed (null otherwise).</summary>
    private static string? PdfInfo(byte[] pdf)
    {
        if (!File.Exists("/usr/bin/pdfinfo"))
        {
            return null;
        }

        string path = Path.Combine(Path.GetTempPath(), $"figure-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/pdfinfo", [path]) { RedirectStandardOutput = true })!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WholeNumberAxis_HasIntegerTicksOnly_AndAFractionAxisStopsAtOne()
    {
        // The distance study's panel: distances 0…6 on x (whole numbers), |Δ accuracy| fractions on y, asked up to 1.3.
        var panel = new FigurePanel("distance", new FigureAxis("distance", Min: -0.5) { WholeNumbers = true }, new FigureAxis("|Δ|", Min: 0, Max: 1.3) { Fraction = true },
            [new FigureSeries("pairs", SeriesKind.Scatter, [0, 1, 2, 3, 4, 5, 6], [0.9, 0.5, 0.3, 0.2, 0.1, 0.05, 0.99], 0)]);
        var figure = new Figure("d", "d", [panel], IsSynthetic: false);
        var plot = PanelPlot.Build(figure, panel, 0);
        plot.RenderInMemory(600, 400);

        var limits = plot.Axes.GetLimits();
        Assert.Equal((0d, 1d), (limits.Bottom, limits.Top));
        Assert.Equal(-0.5, limits.Left);
        double[] ticks = [.. plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor && t.Position >= limits.Left && t.Position <= limits.Right).Select(t => t.Position).Order()];
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], ticks);
        Assert.All(plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor), t => Assert.InRange(t.Position, 0, 1));
    }

    [Theory]
    [InlineData(5, "10⁵")]
    [InlineData(-3, "10⁻³")]
    [InlineData(0, "10⁰")]
    [InlineData(12, "10¹²")]
    public void LogTicks_AreLabelledAsPowersOfTen(double exponent, string label) => Assert.Equal(label, PanelPlot.PowerOfTen(exponent));
    /// <summary>The legend goes where the curves are not: a regret curve falls to the lower right (where a fixed legend hid
    /// the Fig. 7 preset's final regrets), an accuracy curve rises to the upper right.</summary>
    [Theory]
    [InlineData(true, "UpperRight")]
    [InlineData(false, "LowerRight")]
    public void Legend_TakesTheCornerTheCurvesLeaveEmpty(bool falling, string corner)
    {
        double[] xs = [.. Enumerable.Range(0, 50).Select(i => Math.Pow(10, i / 10.0))];
        double[] ys = [.. xs.Select((_, i) => falling ? 0.3 * Math.Pow(10, -i / 20.0) : 0.5 + (0.4 * i / 49))];
        var panel = new FigurePanel("", new FigureAxis("queries", Log: true), new FigureAxis("y", Log: falling), [new FigureSeries("curve", SeriesKind.Line, xs, ys, 0)]);
        var plot = PanelPlot.Build(new Figure("f", "F", [panel], IsSynthetic: false), panel, 0);
        Assert.Equal(corner, PanelPlot.EmptiestCorner(plot, panel, annotated: false).ToString());
    }

    /// <summary>A note longer than the figure is wide wraps onto indented lines within it, and the figure grows to hold them.</summary>
    [Fact]
    public void LongNotes_WrapWithinTheFigure()
    {
        string note = string.Join(' ', Enumerable.Repeat("Incumbent: the best validation accuracy so far.", 6));
        var lines = ScottPlotRenderer.Wrap([note, "short"], 876);
        using var font = new SKFont(SKTypeface.Default, 13);
        Assert.True(lines.Count >= 4, string.Join('|', lines));
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 876, $"{font.MeasureText(l)} px: {l}"));
        Assert.Equal(note, string.Join(' ', lines.Take(lines.Count - 1).Select(l => l.Trim())));
        Assert.Equal("short", lines[^1]);
        var figure = new Figure("n", "N", [Panel("p", 0)], IsSynthetic: false) { Notes = [note, "short"] };
        using var bitmap = SKBitmap.Decode(new ScottPlotRenderer().Render(figure)[0].Content.ToArray());
        Assert.Equal(600 + (lines.Count * 20) + 10, bitmap.Height);
    }
}
