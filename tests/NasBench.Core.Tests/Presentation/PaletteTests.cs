using NasBench.Core.Presentation;

namespace NasBench.Core.Tests.Presentation;

public sealed class PaletteTests
{
    [Fact]
    public void LineOf_SolidWhileTheColoursLast_ThenDashed_ThenDotted()
    {
        Assert.All(Enumerable.Range(0, Palette.Hex.Count), i => Assert.Equal(LineStyle.Solid, Palette.LineOf(i)));
        Assert.Equal(LineStyle.Dashed, Palette.LineOf(Palette.Hex.Count));
        Assert.Equal(LineStyle.Dashed, Palette.LineOf((2 * Palette.Hex.Count) - 1));
        Assert.Equal(LineStyle.Dotted, Palette.LineOf(2 * Palette.Hex.Count));
        // The ninth series has the first one's colour and another line: never the same look twice in 24 series.
        var looks = Enumerable.Range(0, 3 * Palette.Hex.Count).Select(i => (Palette.Of(i), Palette.LineOf(i))).ToList();
        Assert.Equal(looks.Count, looks.Distinct().Count());
    }
}
