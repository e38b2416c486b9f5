using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.SearchSpace;

public sealed class VertexChannelsTests
{
    [Theory]
    [InlineData("0100001000010000", 8, 16, new[] { 8, 16, 16, 16 })] // chain of 4
    [InlineData("0110000100010000", 8, 15, new[] { 8, 8, 7, 15 })]
    [InlineData("0111000001000010000100000", 8, 8, new[] { 8, 3, 3, 2, 8 })]
    [InlineData("0100000110000010000100000", 8, 9, new[] { 8, 5, 5, 4, 9 })]
    public void Compute_ReferenceVectors(string adjacency, int inChannels, int outChannels, int[] expected)
    {
        int n = (int)Math.Sqrt(adjacency.Length);
        var spec = ModelSpec.Parse(adjacency, string.Join(',', new[] { "input" }.Concat(Enumerable.Repeat(Operations.Conv3x3, n - 2)).Append("output")));
        Assert.Equal(expected, VertexChannels.Compute(inChannels, outChannels, spec.Cell));
    }

    [Theory]
    [InlineData("0111010000000100000010000100000000100000010000000", "input,conv1x1-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,maxpool3x3,output", 2_694_282)]
    [InlineData("0110011000001000010000000100000001000000010000000", "input,conv1x1-bn-relu,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,conv3x3-bn-relu,output", 32_426_634)]
    public void TrainableParameters_PublishedExamples(string adjacency, string operations, long expected)
    {
        Assert.Equal(expected, TrainableParameters.Count(ModelSpec.Parse(adjacency, operations).Cell));
    }

    [Fact]
    public void TrainableParameters_AllRecordsOfSpecs1k()
    {
        foreach (var row in SharedData.ReadCsv("specs_1k.csv"))
        {
            Assert.Equal(long.Parse(row[3]), TrainableParameters.Count(ModelSpec.Parse(row[1], row[2]).Cell));
        }
    }

    [Fact]
    public void TrainableParameters_InputOnlyCellIsStemProjectionsAndDense()
    {
        var cell = ModelSpec.Parse("0100", "input,output").Cell;
        long expected = (27 * 128) + 256 // stem
            + (3 * ((128 * 128) + 256)) + ((128 * 256) + 512) + (2 * ((256 * 256) + 512)) + ((256 * 512) + 1024) + (2 * ((512 * 512) + 1024))
            + (512 * 10) + 10;
        Assert.Equal(expected, TrainableParameters.Count(cell));
    }
}
