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
    public void RandomRaw_HasTheDistributionOfTheBitByBitReferenceSampler()
    {
        // The reference draws 21 bits and 5 ops one by one; ours draws two integers. Compare the pruned vertex-count
        // and edge-count histograms of 40,000 samples each (chi-square, 0.999 quantiles: 20.5 for 5 dof, 27.9 for 9).
        const int Samples = 40_000;
        var (referenceV, oursV) = (new double[8], new double[8]);
        var (referenceE, oursE) = (new double[10], new double[10]);
        var r1 = new Random(1);
        var r2 = new Random(2);
        for (int i = 0; i < Samples; i++)
        {
            var reference = BitByBit(r1);
            CellSampler.RandomRaw(r2, out var ours);
            referenceV[reference.VertexCount]++;
            oursV[ours.VertexCount]++;
            referenceE[reference.EdgeCount]++;
            oursE[ours.EdgeCount]++;
        }

        Assert.True(ChiSquare(referenceV, oursV) < 20.5, $"vertex counts: {string.Join(",", referenceV)} vs {string.Join(",", oursV)}");
        Assert.True(ChiSquare(referenceE, oursE) < 27.9, $"edge counts: {string.Join(",", referenceE)} vs {string.Join(",", oursE)}");
    }

    private static CellKey BitByBit(Random random)
    {
        while (true)
        {
            uint bits = 0;
            for (int b = 0; b < 21; b++)
            {
                bits |= (uint)random.Next(2) << b;
            }

            int labels = 0;
            for (int v = 0; v < 5; v++)
            {
                labels |= random.Next(3) << (2 * v);
            }

            if (CellKey.Create(7, bits, labels).Prune(out var pruned) == SpecStatus.Ok)
            {
                return pruned;
            }
        }
    }

    private static double ChiSquare(double[] a, double[] b)
    {
        double chi = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double pooled = (a[i] + b[i]) / 2;
            chi += pooled > 0 ? (((a[i] - pooled) * (a[i] - pooled)) + ((b[i] - pooled) * (b[i] - pooled))) / pooled : 0;
        }

        return chi;
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
