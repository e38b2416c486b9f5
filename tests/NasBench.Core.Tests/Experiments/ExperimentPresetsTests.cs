using NasBench.Core.Experiments;

namespace NasBench.Core.Tests.Experiments;

public sealed class ExperimentPresetsTests
{
    private static readonly string[] CoreKinds = ["search", "compare", "distance", "cells", "correlate"];

    [Fact]
    public void SeedPaper_IsItsComparisonWithTreeAndLocal_AndBothStudies_OnTheGivenBenchmark()
    {
        var preset = ExperimentPresets.Of(ExperimentPresets.SeedPaper, new BenchmarkSource(Records: "/r.csv"), CoreKinds);
        Assert.Equal(["compare", "distance", "cells"], preset.Parts.Select(p => p.Request.Kind));
        var compare = Assert.IsType<CompareRequest>(preset.Parts[0].Request);
        Assert.Equal(["random", "evolution", "tree", "local"], compare.Algorithms);
        Assert.Equal((10, 5e6), (compare.Runs, compare.SimulatedSeconds));
        Assert.All(preset.Parts, p => Assert.Equal("/r.csv", ((BenchmarkRequest)p.Request).Records));
        Assert.All(preset.Parts, p => Assert.Empty(p.Request.Validate()));
        Assert.DoesNotContain(preset.Parts, p => p.Optional);
    }

    [Fact]
    public void SeedPaper_OffersTable1sTransferStudy_OnlyWhereTheServerTrainsAndLeftOutByDefault()
    {
        // Without NasBench.Training registered, "transfer" is unknown: the part is not offered.
        Assert.DoesNotContain(ExperimentPresets.Of(ExperimentPresets.SeedPaper, BenchmarkSource.Default, CoreKinds).Parts, p => p.Request.Kind == "transfer");
    }

    [Theory]
    [InlineData(ComparePresets.Fig7)]
    [InlineData(ComparePresets.Table150)]
    public void LiteraturePresets_AreTheComparePresets(string name)
    {
        var preset = ExperimentPresets.Of(name, new BenchmarkSource(SyntheticSeed: 2), CoreKinds);
        var request = Assert.IsType<CompareRequest>(Assert.Single(preset.Parts).Request);
        Assert.Equal(ComparePresets.Request(name) with { Synthetic = true, SyntheticSeed = 2 }, request);
        Assert.Equal(ComparePresets.Title(name), preset.Title);
    }

    [Fact]
    public void Estimate_FollowsTheStatedRule()
    {
        // 10 runs × (5e6 / 1,925) queries at 600 k/s (evolution) + 2 s.
        var evolution = ExperimentPresets.Estimate(new SearchRequest { Algorithm = "evolution", Runs = 10, SimulatedSeconds = 5e6 });
        Assert.Equal(2 + (10 * (5e6 / 1925) / 6e5), evolution.CpuSeconds, 9);
        // Fig. 7's BOHB: 500 runs × 1e7 / 222 queries at 170 k/s, the measured 0.265 CPU-s per run.
        var bohb = ExperimentPresets.Estimate(new CompareRequest { Algorithms = ["bohb"], Runs = 500, SimulatedSeconds = 1e7 });
        Assert.Equal(2 + (500 * (1e7 / 222) / 1.7e5), bohb.CpuSeconds, 9);
        Assert.InRange(bohb.CpuSeconds / 500, 0.25, 0.28);
        // A query budget is taken as it is.
        var table = ExperimentPresets.Estimate(new CompareRequest { Algorithms = ["random"], Runs = 200, Queries = 150 });
        Assert.Equal(2 + (200 * 150 / 1.85e6), table.CpuSeconds, 9);
        Assert.Contains("150 queries", table.Rule, StringComparison.Ordinal);
        // The model-based searches: CPU-s per run a power of the queries, through the two measured runs of each.
        double PerRun(string algorithm, long? queries = null, double? seconds = null) =>
            (ExperimentPresets.Estimate(new CompareRequest { Algorithms = [algorithm], Runs = 100, Queries = queries, SimulatedSeconds = seconds }).CpuSeconds - 2) / 100;
        Assert.Equal(6.3, PerRun("bananas", queries: 150), 9);
        Assert.Equal(104, PerRun("bananas", seconds: 1e6), 9);
        Assert.Equal(0.5, PerRun("smac", queries: 150), 9);
        Assert.Equal(117, PerRun("smac", seconds: 1e7), 9);
        Assert.Equal(37.4, PerRun("npenas", queries: 150), 9);
        Assert.Equal(104 / 6.3, PerRun("npenas", seconds: 1e6) / 37.4, 9); // grows as BANANAS's
        Assert.Equal(2.2, PerRun("alphax", queries: 150), 9);
        Assert.Equal(57, PerRun("alphax", seconds: 1e6), 9);
        // The whole 150-query preset: about the 1,749 CPU-s it took (2 quiet cores, the full SYNTHETIC store).
        Assert.InRange(ExperimentPresets.Estimate(ComparePresets.Request(ComparePresets.Table150)).CpuSeconds, 1_600, 2_000);
        Assert.Contains("power of its queries", ExperimentPresets.Estimate(new CompareRequest { Algorithms = ["smac"], Queries = 150 }).Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPreset_SaysWhichExist() =>
        Assert.Contains("seed-paper, fig7, 150-query", Assert.Throws<ArgumentException>(() => ExperimentPresets.Of("nope", BenchmarkSource.Default, CoreKinds)).Message, StringComparison.Ordinal);
}
