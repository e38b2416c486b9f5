using NasBench.Core.Experiments;
using NasBench.Core.Statistics;

namespace NasBench.Core.Tests.Search.Baselines;

public sealed class ComparisonTableTests
{
    // Mann–Whitney and Holm themselves are tested in Statistics/ (MannWhitneyTests, PairwiseComparisonTests).
    [Fact]
    public void Presets_NameTheirProtocolsAndSettings()
    {
        var fig7 = ComparePresets.Request(ComparePresets.Fig7);
        Assert.Equal(["random", "evolution", "reinforce", "hyperband", "bohb", "tpe", "sh"], fig7.Algorithms);
        Assert.Equal((500, 1e7, "nb101", 100), (fig7.Runs, fig7.SimulatedSeconds!.Value, fig7.Protocol, fig7.Evolution.PopulationSize));
        var table = ComparePresets.Request(ComparePresets.Table150);
        Assert.Equal((200, 150L, "mean3", true), (table.Runs, table.Queries!.Value, table.Protocol, table.Random.WithoutReplacement));
        Assert.Equal(["random", "evolution", "local", "tree", "alphax", "bananas", "reinforce", "tpe", "smac", "hyperband", "bohb", "sh"], table.Algorithms);
        Assert.Empty(fig7.Validate());
        Assert.Empty(table.Validate());
        Assert.Equal("NAS-Bench-101 paper, Fig. 7", ComparePresets.Title(ComparePresets.Fig7));
    }
}
