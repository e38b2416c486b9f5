using NasBench.Core.Benchmark.Store;
using NasBench.Training.Data;
using NasBench.Training.Networks;
using NasBench.Training.Trainers;
using NasBench.Training.Transfer;
using Xunit.Abstractions;

namespace NasBench.Training.Tests.Transfer;

/// <summary>Eight tiny trainings on real FashionMNIST of cells drawn from a store built from the 30 real records (run once for the class).</summary>
public sealed class TransferStudyFixture : IDisposable
{
    public TransferStudyFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("nasbench-transfer-").FullName;
        Data = RealRecordsStore.Open(Directory);
        FashionMnist = NasBench.Training.Data.FashionMnist.Load(NasBench.Training.Data.FashionMnist.DebianDirectory);
        Options = new TransferStudyOptions(8, Directory, TrainingRecipe.SeedPaper with { Epochs = 1, LearningRate = 0.05 },
            new NetworkOptions(StemChannels: 8, CellsPerStack: 1, InputChannels: 1, BatchNormMomentum: 0.5), new TrainingOptions("cpu", 1, Seed: 2),
            Seed: 11, TrainImages: 1536, TestImages: 512);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Results = new TransferStudy(Data, Options).TrainCells(FashionMnist);
        Seconds = clock.Elapsed.TotalSeconds;
    }

    public BenchmarkStore Data { get; }

    public string Directory { get; }

    public DatasetSplits FashionMnist { get; }

    public TransferStudyOptions Options { get; }

    public IReadOnlyList<CellResult> Results { get; }

    public double Seconds { get; }

    public void Dispose()
    {
        FashionMnist.Dispose();
        Data.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[Collection(nameof(TrainingCollection))]
public sealed class TransferStudyTests(TransferStudyFixture study, ITestOutputHelper output) : IClassFixture<TransferStudyFixture>
{
    [Fact]
    public void Study_TrainsEightDistinctRecordCells_WritesRows_AndResumesWithoutRetraining()
    {
        output.WriteLine($"8 cells trained in {study.Seconds:F1} s; test accuracies {string.Join(", ", study.Results.Select(r => r.TestAccuracy.ToString("F3")))}");
        Assert.Equal(8, study.Results.Count);
        Assert.Equal(Enumerable.Range(0, 8), study.Results.Select(r => r.Sample));
        Assert.Equal(8, study.Results.Select(r => r.CellIndex).Distinct().Count());
        Assert.All(study.Results, r => Assert.True(study.Data.Contains(r.CellIndex)));
        Assert.All(study.Results, r => Assert.InRange(r.TestAccuracy, 0.0, 1.0));
        Assert.All(study.Results, r => Assert.Equal(study.Options.Network.ExpectedParameters(study.Data.Space.Cell(r.CellIndex)), r.TrainableParameters));
        Assert.True(study.Results.Average(r => r.TestAccuracy) > 0.2, "the tiny trainings should learn something");

        // Drop the last two rows: a rerun trains exactly those two again, with the same results.
        var path = Path.Combine(study.Directory, TransferStudy.CellsFile);
        var lines = File.ReadAllLines(path);
        File.WriteAllLines(path, lines[..^2]);
        var trained = new HashSet<int>();
        var rerun = new TransferStudy(study.Data, study.Options).TrainCells(study.FashionMnist, (sample, _, _) => trained.Add(sample));
        Assert.Equal([6, 7], trained.Order());
        // Same trainings, same numbers (CPU, one thread); only the wall-clock seconds differ.
        Assert.Equal(study.Results.Select(r => r with { Seconds = 0 }), rerun.Select(r => r with { Seconds = 0 }));
        Assert.Equal(lines[..^2], File.ReadAllLines(path)[..^2]);
        Assert.Equal(9, File.ReadAllLines(path).Length);

        var other = study.Options with { Seed = 12 };
        Assert.Throws<InvalidDataException>(() => new TransferStudy(study.Data, other).TrainCells(study.FashionMnist));
    }

    [Fact]
    public void Join_PairsEachCellWithItsCifar10Accuracies_OnlyAt108Epochs()
    {
        var pairs = TransferTable.Join(study.Data, study.Results, seed: 11);
        var p = Assert.Single(pairs);
        Assert.Equal(108, p.Epochs);
        for (int i = 0; i < 8; i++)
        {
            var repeats = Enumerable.Range(0, 3).Select(r => (double)study.Data.Metrics(study.Results[i].CellIndex, 108, r).Final.TestAccuracy).ToArray();
            Assert.Equal(repeats.Average(), p.CifarMean[i], 12);
            Assert.Contains(p.CifarSingle[i], repeats);
            Assert.Equal(study.Results[i].TestAccuracy, p.Other[i]);
        }
    }

    /// <summary>Needs Core's Correlation.Compute (implemented on the studies branch; throws NotSupportedException before the merge).</summary>
    [Fact]
    public void Table_HasThe108EpochRows_WithCorrelationsAndPlots()
    {
        var pairs = TransferTable.Join(study.Data, study.Results, seed: 11);
        var rows = TransferTable.Compute(pairs, seed: 11);
        Assert.Equal([(108, "single"), (108, "mean3")], rows.Select(r => (r.Epochs, r.Repeats)));
        Assert.All(rows, r => Assert.Equal(8, r.Correlation.N));
        Assert.All(rows, r => Assert.InRange(r.Correlation.Pearson.R, -1, 1));
        Assert.All(rows, r => Assert.InRange(r.Correlation.Kendall.P, 0, 1));
        output.WriteLine(TransferTable.Format("fashion-mnist", rows));
        var plots = TransferPlots.Write(study.Directory, "fashion-mnist", pairs);
        Assert.All(plots, p => Assert.True(new FileInfo(p).Length > 1000));
    }

    [Fact]
    public void Plots_AreWrittenAsPng()
    {
        var plots = TransferPlots.Write(study.Directory, "fashion-mnist", TransferTable.Join(study.Data, study.Results, seed: 11));
        var png = File.ReadAllBytes(Assert.Single(plots));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }
}
