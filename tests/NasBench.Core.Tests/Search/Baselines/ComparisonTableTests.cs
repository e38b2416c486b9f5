using NasBench.Core.Experiments;
using NasBench.Core.Statistics;

namespace NasBench.Core.Tests.Search.Baselines;

public sealed class ComparisonTableTests
{
    [Fact]
    public void Holm_StepsDownAndStaysMonotone()
    {
        // Sorted: 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max so far 0.06.
        Assert.Equal([0.03, 0.06, 0.06], RankTests.Holm([0.01, 0.04, 0.03]), (a, b) => Math.Abs(a - b) < 1e-15);
    }

    [Fact]
    public void MannWhitney_SeparatedSamples_AsSciPysAsymptoticTest()
    {
        // scipy.stats.mannwhitneyu(range(1, 11), range(11, 21), method="asymptotic"): U = 0, p ≈ 1.827e-4
        // (σ = √(10·10/12·21), z = (100 − 50 − 0.5)/σ = 3.742).
        var (u, p) = RankTests.MannWhitney([.. Enumerable.Range(1, 10).Select(i => (double)i)], [.. Enumerable.Range(11, 10).Select(i => (double)i)]);
        Assert.Equal(0, u);
        Assert.InRange(p, 1.82e-4, 1.835e-4);
    }

    [Fact]
    public void Presets_NameTheirProtocolsAndSettings()
    {
        var fig7 = ComparePresets.Request(ComparePresets.Fig7);
        Assert.Equal(["random", "evolution", "reinforce", "hyperband", "bohb", "tpe", "sh"], fig7.Algorithms);
        Assert.Equal((500, 1e7, "nb101", 100), (fig7.Runs, fig7.SimulatedSeconds!.Value, fig7.Protocol, fig7.Population));
        var table = ComparePresets.Request(ComparePresets.Table150);
        Assert.Equal((200, 150L, "mean3", true), (table.Runs, table.Queries!.Value, table.Protocol, table.WithoutReplacement));
        Assert.Empty(fig7.Validate());
        Assert.Empty(table.Validate());
        Assert.Equal("NAS-Bench-101 paper, Fig. 7", ComparePresets.Title(ComparePresets.Fig7));
    }
}
