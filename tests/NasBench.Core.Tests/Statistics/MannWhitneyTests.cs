using NasBench.Core.Statistics;

namespace NasBench.Core.Tests.Statistics;

/// <summary>The Mann–Whitney U test against hand-computed cases (MathNet has none).</summary>
public sealed class MannWhitneyTests
{
    [Fact]
    public void Exact_Separated_ThreeAndThree()
    {
        // U1 = 0; 1 of the C(6,3) = 20 arrangements is as extreme on each side: p = 2/20.
        var r = MannWhitney.Test([1, 2, 3], [4, 5, 6]);
        Assert.True(r.Exact);
        Assert.Equal(0, r.U1);
        Assert.Equal(0.1, r.P, 12);
    }

    [Fact]
    public void Exact_Interleaved_ThreeAndFour()
    {
        // Ranks of x: 1, 3, 5 → R1 = 9, U1 = 3, U2 = 9. P(U ≥ 9) = P(U ≤ 3) = (1 + 1 + 2 + 3) / C(7,3) = 7/35; p = 0.4.
        var r = MannWhitney.Test([1, 3, 5], [2, 4, 6, 7]);
        Assert.True(r.Exact);
        Assert.Equal(3, r.U1);
        Assert.Equal(0.4, r.P, 12);
    }

    [Fact]
    public void Normal_WithTies_TenAndTen()
    {
        // By hand: R1 = 72.5, U1 = 17.5, ties Σ(t³−t) = 90, σ² = 100/12·(21 − 90/380), z = (82.5 − 50 − 0.5)/σ = 2.43273, p = 0.0149855.
        double[] x = [0.91, 0.92, 0.92, 0.93, 0.94, 0.95, 0.95, 0.96, 0.90, 0.935];
        double[] y = [0.93, 0.94, 0.95, 0.95, 0.96, 0.97, 0.97, 0.98, 0.945, 0.955];
        var r = MannWhitney.Test(x, y);
        Assert.False(r.Exact);
        Assert.Equal(17.5, r.U1);
        Assert.Equal(0.014985473660925841, r.P, 9);
        Assert.Equal(r.P, MannWhitney.Test(y, x).P, 12);
    }

    /// <summary>Far in the tail p is tiny, not 0: two separated samples of 100, no ties. By hand (Python's math.erfc):
    /// U1 = 0, σ² = 100·100/12·201, z = (10,000 − 5,000 − 0.5)/σ = 12.21572, p = erfc(z/√2) = 2.562143669163465e-34.</summary>
    [Fact]
    public void Normal_FarInTheTail_IsTinyNotZero()
    {
        double[] x = [.. Enumerable.Range(0, 100).Select(i => i * 0.001)];
        double[] y = [.. Enumerable.Range(0, 100).Select(i => 1 + (i * 0.001))];
        var r = MannWhitney.Test(x, y);
        Assert.False(r.Exact);
        Assert.Equal(2.562143669163465e-34, r.P, 1e-45);
    }

    [Fact]
    public void AllEqual_IsOne()
    {
        Assert.Equal(1, MannWhitney.Test([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]).P);
    }
}
