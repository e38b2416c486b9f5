using NasBench.Core.SearchSpace;
using NasBench.Core.Studies.PerformantCells;
using NasBench.Core.Tests.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Studies;

[Collection(nameof(SpaceCollection))]
public sealed class StudyPerformantCellsTests
{
    [Fact]
    public void Features_OfAHandMadeCell()
    {
        // input→c3→mp→output and input→output (4 vertices, 4 edges)
        var cell = ModelSpec.Parse("0101001000010000", "input,conv3x3-bn-relu,maxpool3x3,output").Cell;
        ulong mask = CellFeatures.Of(cell);
        var names = Enumerable.Range(0, CellFeatures.Count).Where(f => (mask >> f & 1) != 0).Select(f => CellFeatures.Names[f]).ToHashSet();
        string[] expected =
        [
            "vertex 1 is conv3x3", "vertex 2 is maxpool", "edge input->1", "edge input->output", "edge 1->2", "edge 2->output",
            "input feeds a conv3x3", "first maxpool at vertex 2", "4 vertices", "4 edges",
        ];
        Assert.True(names.SetEquals(expected), string.Join("; ", names));
    }

    [Fact]
    public void ChiSquare_MatchesTheClosedFormForOneDegreeOfFreedom()
    {
        var (chi, p) = PerformantCellsStudy.ChiSquareTest(10, 20, 30, 40);
        Assert.Equal(100.0 * 200 * 200 / (30.0 * 70 * 40 * 60), chi, 12);
        Assert.Equal(MathNet.Numerics.SpecialFunctions.Erfc(Math.Sqrt(chi / 2)), p, 12);
    }

    [Fact]
    public void BenjaminiHochberg_AdjustsInRankOrder()
    {
        var q = PerformantCellsStudy.BenjaminiHochberg([0.01, 0.04, 0.03, double.NaN]);
        Assert.Equal([0.03, 0.04, 0.04], q.Take(3).Select(v => Math.Round(v, 12)));
        Assert.True(double.IsNaN(q[3]));
    }

    [Fact]
    public void Study_OnThe30RealModels_CountsAgreeWithTheRecords()
    {
        var records = SearchData.Records();
        int expected = records.GroupBy(r => r.Hash).Count(g => g.OrderBy(r => r.Repeat).Aggregate(0.0, (s, r) => s + r.Validation) / 3 > 0.92);
        var result = PerformantCellsStudy.Run(SearchData.Real30, new PerformantCellsOptions());
        Assert.Equal(30, result.All);
        Assert.Equal(expected, result.Performant);
        var vertexFeatures = result.Features.Where(f => f.Feature.EndsWith(" vertices", StringComparison.Ordinal)).ToList();
        Assert.Equal(30, vertexFeatures.Sum(f => f.AllCount));
        Assert.Equal(expected, vertexFeatures.Sum(f => f.PerformantCount));
        Assert.Equal(1.0, vertexFeatures.Sum(f => f.AllFrequency), 12);
    }

    [Fact]
    public void Study_OnSyntheticData_FindsConvolutionsMatter()
    {
        var result = PerformantCellsStudy.Run(SearchData.Synthetic, new PerformantCellsOptions { UseTestAccuracy = true, Threshold = 0.93 });
        Assert.True(result.IsSynthetic);
        Assert.Equal(CellIndex.UniqueCells, result.All);
        var inputConv = result.Features.Single(f => f.Feature == "input feeds a conv3x3");
        Assert.True(inputConv.PerformantFrequency > inputConv.AllFrequency);
        Assert.True(inputConv.Q < 1e-6);
    }
}
