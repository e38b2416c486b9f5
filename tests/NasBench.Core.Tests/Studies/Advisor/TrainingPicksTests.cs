using NasBench.Core.Studies.Advisor;

namespace NasBench.Core.Tests.Studies.Advisor;

public class TrainingPicksTests
{
    [Fact]
    public void VanDerCorput_FirstTerms()
    {
        Assert.Equal([0.5, 0.25, 0.75, 0.125, 0.625], Enumerable.Range(1, 5).Select(TrainingPicks.VanDerCorput));
    }

    [Fact]
    public void Span_OnePickPerReferenceStratum_SpreadOverTheProxy()
    {
        // 12 cells: reference 12 − i (cell 0 best); proxy = i (so within a stratum of 3 the proxy order is the reference's reverse).
        var reference = Enumerable.Range(0, 12).Select(i => 12.0 - i).ToList();
        var proxy = Enumerable.Range(0, 12).Select(i => (double)i).ToList();
        var picks = TrainingPicks.Span(reference, proxy, 4);
        // Strata {0,1,2} {3,4,5} {6,7,8} {9,10,11}; quantiles 1/2, 1/4, 3/4, 1/8 of 3 cells: index round(q·2) = 1, 1 (0.5 → away from 0), 2, 0.
        Assert.Equal([1, 4, 8, 9], picks);
    }

    [Fact]
    public void Span_BudgetAtLeastThePool_TakesEveryCellBestFirst()
    {
        Assert.Equal([2, 0, 1], TrainingPicks.Span([0.5, 0.1, 0.9], [1, 2, 3], 5));
    }
}
