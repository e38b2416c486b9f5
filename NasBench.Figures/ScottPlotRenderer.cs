using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using ScottPlot;
using SkiaSharp;

namespace NasBench.Figures;

/// <summary>
/// Draws a <see cref="Figure"/> with ScottPlot into <c>name.png</c>, <c>name.svg</c> and <c>name.pdf</c>: panels side by side, log axes
/// with 10^k tick labels, a colour-blind-safe palette (Okabe–Ito), legends, annotations and notes.
/// </summary>
/// <remarks>
/// ScottPlot has no logarithmic axis type: a log axis plots log10 of the values and labels its ticks 10^k. Values
/// ≤ 0 on a log axis are drawn at the axis minimum (the figure's notes say so where it matters, e.g. zero regret).
/// The three files come from one drawing: the panels render onto a raster surface (PNG), onto Skia's SVG canvas, and
/// onto the canvas of a one-page Skia PDF document (ScottPlot has no PDF output of its own; its Render(SKCanvas, …)
/// draws on any Skia canvas). The PDF page is the figure's size with one pixel as one point (1/72 in), vector throughout.
/// </remarks>
public sealed class ScottPlotRenderer : IFigureRenderer
{
    /// <summary>Width of one panel in pixels. The default value is 900.</summary>
    public int PanelWidth { get; init; } = 900;

    /// <summary>Height of the figure in pixels. The default value is 600.</summary>
    public int Height { get; init; } = 600;

    /// <inheritdoc/>
    public IReadOnlyList<Artifact> Render(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        int width = PanelWidth * figure.Panels.Count;
        var plots = figure.Panels.Select((panel, i) => PanelPlot.Build(figure, panel, i)).ToList();
        var notes = Wrap(figure.Notes, width - 24);
        int height = Height + (notes.Count * NoteLine) + (notes.Count > 0 ? NoteLine / 2 : 0);
        return
        [
            new Artifact(figure.Name + ".png", "image/png", Png(plots, notes, width, height)),
            new Artifact(figure.Name + ".svg", "image/svg+xml", Svg(plots, notes, width, height)),
            new Artifact(figure.Name + ".pdf", "application/pdf", Pdf(figure.Title, plots, notes, width, height)),
        ];
    }

    /// <summary>The notes as lines no wider than <paramref name="width"/> pixels in the notes' font, broken at spaces (a long
    /// note ran off the right edge of a one-panel figure).</summary>
    internal static List<string> Wrap(IReadOnlyList<string> notes, float width)
    {
        using var font = NoteFont();
        var lines = new List<string>();
        foreach (string note in notes)
        {
            string line = string.Empty;
            foreach (string word in note.Split(' '))
            {
                string longer = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && font.MeasureText(longer) > width)
                {
                    lines.Add(line);
                    line = "  " + word; // a continued note is indented, so notes stay apart
                }
                else
                {
                    line = longer;
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private static SKFont NoteFont() => new(SKTypeface.Default, 13);

    /// <summary>Height of one line of notes under the panels.</summary>
    private const int NoteLine = 20;

    private byte[] Png(IReadOnlyList<Plot> plots, IReadOnlyList<string> notes, int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        Draw(surface.Canvas, plots, notes, width, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private byte[] Svg(IReadOnlyList<Plot> plots, IReadOnlyList<string> notes, int width, int height)
    {
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
        {
            Draw(canvas, plots, notes, width, height);
        }

        return stream.ToArray();
    }

    private byte[] Pdf(string title, IReadOnlyList<Plot> plots, IReadOnlyList<string> notes, int width, int height)
    {
        using var stream = new MemoryStream();
        // Fixed dates: the same figure gives the same bytes (no "now" in the file).
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title, Creator = "NasBench", Producer = "NasBench (ScottPlot, SkiaSharp)",
            Creation = PdfDate, Modified = PdfDate, RasterDpi = 300, EncodingQuality = 101,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var canvas = document.BeginPage(width, height);
            Draw(canvas, plots, notes, width, height);
            document.EndPage();
            document.Close();
        }

        return stream.ToArray();
    }

    private static readonly DateTime PdfDate = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private void Draw(SKCanvas canvas, IReadOnlyList<Plot> plots, IReadOnlyList<string> notes, int width, int height)
    {
        canvas.Clear(SKColors.White);
        float panel = (float)width / plots.Count;
        for (int i = 0; i < plots.Count; i++)
        {
            // A plot clears its canvas before drawing: clip it to its own panel.
            canvas.Save();
            canvas.ClipRect(new SKRect(i * panel, 0, (i + 1) * panel, Height));
            plots[i].Render(canvas, new PixelRect(i * panel, (i + 1) * panel, Height, 0));
            canvas.Restore();
        }

        // Notes as plain text under the panels: they never cover data.
        using var font = NoteFont();
        using var paint = new SKPaint { Color = new SKColor(0x44, 0x44, 0x44), IsAntialias = true };
        for (int i = 0; i < notes.Count; i++)
        {
            canvas.DrawText(notes[i], 12, Height + ((i + 1) * NoteLine) - 4, SKTextAlign.Left, font, paint);
        }
    }
}
