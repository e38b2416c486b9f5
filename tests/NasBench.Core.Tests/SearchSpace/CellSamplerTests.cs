using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.SearchSpace;

public sealed class CellSamplerTests
{
    [Fact]
    public void RandomRaw_IsSeededAndAlwaysValid()
    {
        var r1 = new Random(42);
        var r2 = new Random(42);
        for (int i = 0; i < 500; i++)
        {
            var x = CellSampler.RandomRaw(r1);
            Assert.Equal(x, CellSampler.RandomRaw(r2));
            Assert.Equal(7, x.VertexCount);
            Assert.Equal(SpecStatus.Ok, x.Prune(out _));
        }
    }

    [Fact]
    public void Mutate_ChangesAboutOneEdgeBitAndOneOpOnAverage()
    {
        var random = new Random(9);
        double edgeFlips = 0, opChanges = 0;
        const int Trials = 4000;
        for (int i = 0; i < Trials; i++)
        {
            var parent = CellSampler.RandomRaw(random);
            var child = CellSampler.Mutate(parent, random);
            Assert.Equal(SpecStatus.Ok, child.Prune(out _));
            edgeFlips += System.Numerics.BitOperations.PopCount(parent.EdgeBits ^ child.EdgeBits);
            for (int v = 1; v < 6; v++)
            {
                opChanges += parent.Label(v) != child.Label(v) ? 1 : 0;
            }
        }

        // 21 bits × 1/7 = 3 expected flips before the validity filter; 5 ops × 1/5 = 1 change.
        Assert.InRange(edgeFlips / Trials, 2.0, 3.5);
        Assert.InRange(opChanges / Trials, 0.85, 1.15);
    }

    [Fact]
    public void Neighbours_AreExactlyTheValidSingleChanges()
    {
        var random = new Random(17);
        for (int i = 0; i < 200; i++)
        {
            var cell = CellSampler.RandomRaw(random);
            var neighbours = CellSampler.Neighbours(cell);
            int validFlips = 0;
            for (int bit = 0; bit < 21; bit++)
            {
                validFlips += cell.WithEdgeBits(cell.EdgeBits ^ (1u << bit)).Prune(out _) == SpecStatus.Ok ? 1 : 0;
            }

            Assert.Equal(validFlips + 10, neighbours.Count);
            Assert.All(neighbours, n =>
            {
                int diff = System.Numerics.BitOperations.PopCount(n.EdgeBits ^ cell.EdgeBits)
                    + Enumerable.Range(1, 5).Count(v => n.Label(v) != cell.Label(v));
                Assert.Equal(1, diff);
            });
            Assert.Equal(neighbours.Count, neighbours.Distinct().Count());
        }
    }

    [Fact]
    public void UniformIndex_RespectsTheSubset()
    {
        var subset = new[] { 5, 17, 99 };
        var random = new Random(1);
        var seen = Enumerable.Range(0, 300).Select(_ => CellSampler.UniformIndex(random, SpaceFixture.SharedIndex, subset)).ToHashSet();
        Assert.Equal(subset.ToHashSet(), seen);
    }

    [Fact]
    public void PadToSeven_KeepsTheCellAfterPruning()
    {
        var spec = ModelSpec.Parse("011001000", "input,conv3x3-bn-relu,output");
        var padded = CellSampler.PadToSeven(spec.Cell);
        Assert.Equal(7, padded.VertexCount);
        Assert.Equal(SpecStatus.Ok, padded.Prune(out var pruned));
        Assert.Equal(spec.Cell, pruned);
    }
}
