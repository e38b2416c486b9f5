using NasBench.Core.SearchSpace;
using NasBench.Core.Studies.Distance;
using NasBench.Core.Tests.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Studies;

[Collection(nameof(SpaceCollection))]
public sealed class StudyDistanceTests
{
    private static CellKey Cell(string adjacency, string ops) => ModelSpec.Parse(adjacency, ops).Cell;

    private static readonly CellKey ChainC3 = Cell("010001000", "input,conv3x3-bn-relu,output");
    private static readonly CellKey ChainC1 = Cell("010001000", "input,conv1x1-bn-relu,output");

    // input→c3→output plus input→output
    private static readonly CellKey SkipC3 = Cell("011001000", "input,conv3x3-bn-relu,output");

    // input→c3→output and input→c1→output
    private static readonly CellKey Diamond = Cell("0110000100010000", "input,conv3x3-bn-relu,conv1x1-bn-relu,output");

    [Fact]
    public void SeedDistance_CountsUnmatchedOpPairs()
    {
        Assert.Equal(0, CellDistances.Seed(ChainC3, ChainC3));
        Assert.Equal(2, CellDistances.Seed(ChainC3, ChainC1));   // {(in,c3),(c3,out)} vs {(in,c1),(c1,out)}
        Assert.Equal(1, CellDistances.Seed(SkipC3, ChainC3));    // the extra (in,out)
        Assert.Equal(2, CellDistances.Seed(Diamond, ChainC3));   // max(4, 2) − 2
        Assert.Equal(CellDistances.Seed(ChainC1, Diamond), CellDistances.Seed(Diamond, ChainC1));
    }

    [Fact]
    public void SeedDistance_UsesTheRawMatrix()
    {
        // A raw 7-vertex form of the c3 chain with a dangling conv1x1 fed by the input: one extra (in, c1) edge.
        var raw = CellKey.Create(7, (1u << CellKey.EdgeBit(0, 1)) | (1u << CellKey.EdgeBit(1, 6)) | (1u << CellKey.EdgeBit(0, 2)), 0b01_00);
        Assert.Equal(SpecStatus.Ok, raw.Prune(out var pruned));
        Assert.Equal(ChainC3, pruned);
        Assert.Equal(1, CellDistances.Seed(raw, ChainC3));
        Assert.Equal(0, CellDistances.Edit(raw, ChainC3));
    }

    [Fact]
    public void EditDistance_IsHammingOverPaddedAdjacencyAndOps()
    {
        Assert.Equal(1, CellDistances.Edit(ChainC3, ChainC1));
        Assert.Equal(1, CellDistances.Edit(SkipC3, ChainC3));

        // Diamond padded: edges in→1, in→2, 1→out, 2→out; chain padded: in→1, 1→out; op 2 is c1 vs padding c3.
        Assert.Equal(3, CellDistances.Edit(Diamond, ChainC3));
    }

    [Fact]
    public void PathDistance_ComparesOpSequences()
    {
        Span<ulong> bits = stackalloc ulong[6];
        CellDistances.PathEncoding(SkipC3, bits);
        Assert.Equal(0b11UL, bits[0]);                          // [] → 0, [c3] → 1
        CellDistances.PathEncoding(Diamond, bits);
        Assert.Equal(0b110UL, bits[0]);                         // [c3] → 1, [c1] → 2
        Assert.Equal(2, CellDistances.Path(ChainC3, ChainC1));
        Assert.Equal(1, CellDistances.Path(Diamond, ChainC3));
        Assert.Equal(1, CellDistances.Path(SkipC3, ChainC3));
        var longChain = Cell("0100000001000000010000000100000001000000010000000", "input,maxpool3x3,maxpool3x3,maxpool3x3,maxpool3x3,maxpool3x3,output");
        CellDistances.PathEncoding(longChain, bits);
        Assert.Equal(1UL << (363 - 320), bits[5]);              // the last feature: five maxpools
    }

    [Fact]
    public void Study_OnThe30RealModels_BinsAgreeWithThePairs()
    {
        var result = DistanceStudy.Run(SearchData.Real30, new DistanceStudyOptions { Pairs = 300, Seed = 2, BootstrapSamples = 50 });
        Assert.Equal(NasBench.Core.SearchSpace.CellDistribution.Uniform, result.Sampler);
        Assert.False(result.IsSynthetic);
        Assert.Equal(3, result.Distances.Count);
        foreach (var d in result.Distances)
        {
            Assert.Equal(300, d.Correlation.N);
            Assert.Equal(300, d.Bins.Sum(b => b.Pairs));
            foreach (var bin in d.Bins)
            {
                var deltas = d.Values.Select((v, i) => (v, i)).Where(p => p.v == bin.Distance).Select(p => result.AbsoluteDeltas[p.i]);
                Assert.Equal(deltas.Average(), bin.MeanAbsoluteDelta, 12);
            }
        }
    }

    [Fact]
    public void Study_OnSyntheticData_UsesTheRawSamplerAndIsSeeded()
    {
        var options = new DistanceStudyOptions { Pairs = 200, Seed = 5, BootstrapSamples = 20 };
        var a = DistanceStudy.Run(SearchData.Synthetic, options);
        var b = DistanceStudy.Run(SearchData.Synthetic, options);
        Assert.Equal(NasBench.Core.SearchSpace.CellDistribution.Raw, a.Sampler);
        Assert.True(a.IsSynthetic);
        Assert.Equal(a.AbsoluteDeltas, b.AbsoluteDeltas);
        Assert.Equal(a.Distances[0].Correlation, b.Distances[0].Correlation);
    }
}
