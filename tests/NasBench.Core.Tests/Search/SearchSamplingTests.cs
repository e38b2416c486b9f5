using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.Search;

public sealed class SearchSamplingTests
{
    [Fact]
    public void FastRawSampler_HasTheReferenceSamplersDistribution()
    {
        // Two draws per attempt instead of 26 must not change the distribution: compare the pruned vertex-count
        // histograms of 40,000 samples each with a chi-square test (5 dof; 20.5 is the 0.999 quantile).
        const int samples = 40_000;
        var reference = new double[8];
        var fast = new double[8];
        var r1 = new Random(1);
        var r2 = new Random(2);
        for (int i = 0; i < samples; i++)
        {
            Assert.Equal(SpecStatus.Ok, CellSampler.RandomRaw(r1).Prune(out var a));
            Assert.Equal(SpecStatus.Ok, SearchSampling.RandomRaw(r2).Prune(out var b));
            reference[a.VertexCount]++;
            fast[b.VertexCount]++;
        }

        double chi = 0;
        for (int v = 2; v <= 7; v++)
        {
            double pooled = (reference[v] + fast[v]) / 2;
            chi += pooled > 0 ? (((reference[v] - pooled) * (reference[v] - pooled)) + ((fast[v] - pooled) * (fast[v] - pooled))) / pooled : 0;
        }

        Assert.True(chi < 20.5, $"chi-square {chi}: reference {string.Join(",", reference)} fast {string.Join(",", fast)}");
    }
}
