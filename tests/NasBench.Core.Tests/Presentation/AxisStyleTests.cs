using NasBench.Core.Experiments;
using NasBench.Core.Presentation;

namespace NasBench.Core.Tests.Presentation;

public sealed class AxisStyleTests
{
    [Theory]
    [InlineData(0.01, 0.98, 0.0, 1.0)]     // padding would pass 1 (and 0 below): clamped to [0, 1]
    [InlineData(0.90, 0.95, 0.8975, 0.9525)] // inside: 5 % padding, untouched
    public void Range_OfAFraction_NeverPassesZeroOrOne(double low, double high, double expectedLow, double expectedHigh)
    {
        var (lo, hi) = AxisStyle.Range(new FigureAxis("fraction") { Fraction = true }, low, high);
        Assert.Equal(expectedLow, lo, 12);
        Assert.Equal(expectedHigh, hi, 12);
    }

    [Fact]
    public void Range_KeepsTheFiguresLimits_ButAFractionsMaxStopsAtOne()
    {
        Assert.Equal((-0.5, 10.5), AxisStyle.Range(new FigureAxis("distance", Min: -0.5), 0, 10));
        Assert.Equal((0d, 1d), AxisStyle.Range(new FigureAxis("fraction", Min: 0, Max: 1.3) { Fraction = true }, 0, 0.9));
        Assert.Equal((-0.05, 1.05), AxisStyle.Range(new FigureAxis("not a fraction"), 0, 1));
    }

    [Theory]
    [InlineData(-0.5, 6, 1)]
    [InlineData(0, 10, 1)]
    [InlineData(0, 11, 2)]
    [InlineData(0, 45, 5)]
    [InlineData(0, 120, 20)]
    [InlineData(3, 3, 1)]
    public void IntegerStep_IsAWholeNumber_GivingAtMostTenTicks(double low, double high, double step)
    {
        Assert.Equal(step, AxisStyle.IntegerStep(low, high));
        Assert.True((high - low) / step <= 10);
    }

    [Fact]
    public void Extent_CoversPointsAndBandEdges()
    {
        var panel = new FigurePanel("p", new FigureAxis("x"), new FigureAxis("y"),
        [
            new FigureSeries("line", SeriesKind.Line, [1, 2], [0.5, 0.6], 0),
            new FigureSeries("band", SeriesKind.Band, [0, 3], [0.5, 0.6], 0) { Low = [0.2, 0.3], High = [0.7, double.NaN] },
        ]);
        Assert.Equal((0d, 3d), AxisStyle.Extent(panel, x: true));
        Assert.Equal((0.2, 0.7), AxisStyle.Extent(panel, x: false));
        Assert.Null(AxisStyle.Extent(panel with { Series = [] }, x: true));
    }
}
