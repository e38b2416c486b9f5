using NasBench.Core.SearchSpace;
using NasBench.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Tests.Networks;

// In the training collection: building networks draws from TorchSharp's global generator, which seeded trainings rely on.
[Collection(nameof(TrainingCollection))]
public class NasBenchNetworkTests
{
    [Fact]
    public void ParameterCount_EqualsDatasetAndFormula_ForFiveVariedRealSpecs()
    {
        // Core checks the formula on all 30,001 records of metrics_30k; here a handful of full-size networks check
        // that the TorchSharp network is what the formula counts: the first spec of each pruned vertex count (4..7)
        // and the file's largest network.
        var rows = SharedData.ReadCsv("specs_1k.csv").Select(r => (Spec: ModelSpec.Parse(r[1], r[2]), Parameters: long.Parse(r[3]))).ToList();
        var chosen = rows.GroupBy(r => r.Spec.VertexCount).Select(g => g.First()).Append(rows.MaxBy(r => r.Parameters)).ToList();
        Assert.Equal([4, 5, 6, 7], chosen.Select(c => c.Spec.VertexCount).Distinct().Order());
        Assert.Equal(5, chosen.Count);
        foreach (var (spec, expected) in chosen)
        {
            using var network = new NasBenchNetwork(spec);
            Assert.Equal(expected, network.TrainableParameterCount);
            Assert.Equal(expected, NetworkOptions.NasBench101.ExpectedParameters(spec.Cell));
        }
    }

    [Fact]
    public void ParameterCount_EqualsFormulaAndDataset_ForEveryCellWithTwoOrThreeVertices()
    {
        // specs_1k holds no V = 2 or 3 cell: build all seven and compare with the formula, and with the
        // dataset wherever metrics_30k (a 7 % sample, by hash) has the cell.
        var known = SharedData.ReadCsv("metrics_30k.csv").ToDictionary(r => r[0], r => long.Parse(r[1]));
        var specs = new List<ModelSpec> { ModelSpec.Parse("0100", "input,output") };
        foreach (var op in Operations.Available)
        {
            specs.Add(ModelSpec.Parse("010001000", $"input,{op},output"));
            specs.Add(ModelSpec.Parse("011001000", $"input,{op},output"));
        }

        foreach (var spec in specs)
        {
            using var network = new NasBenchNetwork(spec);
            Assert.Equal(NetworkOptions.NasBench101.ExpectedParameters(spec.Cell), network.TrainableParameterCount);
            if (known.TryGetValue(spec.Hash.ToString(), out long expected))
            {
                Assert.Equal(expected, network.TrainableParameterCount);
            }
        }
    }

    [Fact]
    public void Forward_GivesLogitsPerImage()
    {
        var spec = ModelSpec.Parse(SharedData.ReadCsv("specs_1k.csv").First()[1], SharedData.ReadCsv("specs_1k.csv").First()[2]);
        using var network = new NasBenchNetwork(spec, new NetworkOptions(StemChannels: 8, CellsPerStack: 1, InputChannels: 1));
        using var x = torch.randn(2, 1, 32, 32);
        using var y = network.call(x);
        Assert.Equal(new long[] { 2, 10 }, y.shape);
    }

    [Fact]
    public void BatchNorm_UsesReferenceMomentumAndEpsilon_AndConvolutionsHaveNoBias()
    {
        using var network = new NasBenchNetwork(ModelSpec.Parse("0110000100010000", "input,conv3x3-bn-relu,conv1x1-bn-relu,output"), new NetworkOptions(StemChannels: 8, CellsPerStack: 1));
        var norms = network.modules().OfType<TorchSharp.Modules.BatchNorm2d>().ToList();
        Assert.NotEmpty(norms);
        Assert.All(norms, bn => Assert.Equal(0.003, bn.momentum!.Value, 12));
        Assert.All(norms, bn => Assert.Equal(1e-5, bn.eps, 12));
        Assert.All(network.modules().OfType<TorchSharp.Modules.Conv2d>(), conv => Assert.Null(conv.bias));
    }

    [Fact]
    public void Cell_VertexChannels_TruncateAsTheReference()
    {
        // NASBENCH101.md §6: [[0,1,1,0],[0,0,0,1],[0,0,0,1],[0,0,0,0]] with (8, 15) → [8, 8, 7, 15].
        var spec = ModelSpec.Parse("0110000100010000", "input,conv3x3-bn-relu,conv3x3-bn-relu,output");
        using var cell = new Cell(spec.Cell, 8, 15);
        Assert.Equal([8, 8, 7, 15], cell.Channels);
        using var x = torch.randn(2, 8, 6, 6);
        using var y = cell.call(x);
        Assert.Equal(new long[] { 2, 15, 6, 6 }, y.shape);
        using var wide = torch.arange(10).reshape(1, 10, 1, 1);
        Assert.Equal(new long[] { 1, 4, 1, 1 }, Cell.Truncate(wide, 4).shape);
        Assert.Equal(3, Cell.Truncate(wide, 4)[0, 3, 0, 0].item<long>());
    }

    [Fact]
    public void ImagenettePrefix_ShrinksCropsAndCountsItsParameters()
    {
        var spec = ModelSpec.Parse("0110000100010000", "input,conv3x3-bn-relu,maxpool3x3,output");
        var options = new NetworkOptions(StemChannels: 32, CellsPerStack: 1, Prefix: NetworkPrefix.Imagenette);
        using var network = new NasBenchNetwork(spec, options);
        Assert.Equal(options.ExpectedParameters(spec.Cell), network.TrainableParameterCount);
        using var x = torch.randn(1, 3, 150, 150);
        using var y = network.call(x);
        Assert.Equal(new long[] { 1, 10 }, y.shape);
    }
}
