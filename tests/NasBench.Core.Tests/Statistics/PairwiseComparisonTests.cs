using NasBench.Core.Statistics;

namespace NasBench.Core.Tests.Statistics;

/// <summary>Summary, Holm/BH, Cliff's delta and the pairwise verdicts against values computed by hand (R's p.adjust).</summary>
public sealed class PairwiseComparisonTests
{
    [Fact]
    public void Holm_And_BH_EqualRsPAdjust()
    {
        double[] p = [0.01, 0.04, 0.03, 0.005];
        // R: p.adjust(c(.01,.04,.03,.005), "holm") = 0.03 0.06 0.06 0.02; "BH" = 0.02 0.04 0.04 0.02
        Assert.Equal([0.03, 0.06, 0.06, 0.02], MultipleTesting.Holm(p).Select(v => Math.Round(v, 12)));
        Assert.Equal([0.02, 0.04, 0.04, 0.02], MultipleTesting.BenjaminiHochberg(p).Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void CliffsDelta_IsTheShareOfPairsOrderedOneWayMinusTheOther()
    {
        Assert.Equal(1, CliffsDelta.Of([4, 5, 6], [1, 2, 3]));
        Assert.Equal(-1, CliffsDelta.Of([1, 2, 3], [4, 5, 6]));
        Assert.Equal((3 - 6) / 9.0, CliffsDelta.Of([1, 3, 5], [2, 4, 6]), 12); // 3 pairs with x > y, 6 with x < y
    }

    [Fact]
    public void Summary_MeanSdCiMedian()
    {
        var s = SampleSummary.Of([0.90, 0.93, 0.92, 0.95]);
        Assert.Equal(4, s.N);
        Assert.Equal(0.925, s.Mean, 12);
        Assert.Equal(Math.Sqrt(0.0013 / 3), s.Sd, 12);
        Assert.Equal(0.925 + (3.182446305284263 * s.Sd / 2), s.CiHigh, 9);
        Assert.Equal(0.925, s.Median, 12);
    }

    [Fact]
    public void Compare_FewRuns_SaysSoInsteadOfAStar()
    {
        var pairs = PairwiseComparison.Compare([("a", [0.1, 0.2, 0.3]), ("b", [0.7, 0.8, 0.9])]);
        Assert.False(pairs[0].Significant);
        Assert.StartsWith("too few runs", pairs[0].Verdict, StringComparison.Ordinal);
        Assert.Equal(0.1, PairwiseComparison.SmallestP(3, 3), 12);
    }

    [Fact]
    public void Compare_AppliesHolm_AndNeedsTheEffectCiClearOfZero()
    {
        double[] a = [.. Enumerable.Range(0, 20).Select(i => 0.90 + (i * 0.001))];
        double[] b = [.. Enumerable.Range(0, 20).Select(i => 0.93 + (i * 0.001))];
        double[] c = [.. Enumerable.Range(0, 20).Select(i => 0.9005 + (i * 0.001))];
        var pairs = PairwiseComparison.Compare([("a", a), ("b", b), ("c", c)]);
        Assert.Equal(3, pairs.Count);
        Assert.Equal(MultipleTesting.Holm([.. pairs.Select(p => p.P)]), pairs.Select(p => p.HolmP));
        var ab = pairs.Single(p => p.First == "a" && p.Second == "b");
        Assert.True(ab.Significant);
        Assert.Equal(-1, ab.Effect.Delta);
        Assert.True(ab.Effect.CiHigh < 0);
        var ac = pairs.Single(p => p.First == "a" && p.Second == "c");
        Assert.False(ac.Significant);
        Assert.True(ac.Effect.CiSpansZero);
    }

    [Fact]
    public void PValues_OneFormat()
    {
        Assert.Equal("< 0.001", PValues.Format(0.0000123));
        Assert.Equal("0.043", PValues.Format(0.04321));
        Assert.Equal("—", PValues.Format(double.NaN));
    }
}
