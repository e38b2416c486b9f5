using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Benchmark.Synthetic;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Benchmark;

[Collection(nameof(SpaceCollection))]
public sealed class SyntheticBenchmarkTests(SpaceFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_OfficialFormatWithPlausibleMarkedValues()
    {
        var payloads = BenchmarkFiles.ReadPayloads(BenchmarkFiles.WriteSynthetic(_temp.File("a.tfrecord"), fixture.Index, 20, allEpochs: true));
        Assert.Equal(20 * 4 * 3, payloads.Count);
        foreach (var payload in payloads)
        {
            var record = NasBenchRecord.Parse(payload);
            Assert.Equal(payload, record.ToPayload());
            int cell = fixture.Index.IndexOf(record.ModuleHash);
            Assert.InRange(cell, 0, 19);
            Assert.Equal(fixture.Index.Cell(cell).ToAdjacencyString(), record.ModuleAdjacency);
            Assert.Equal(TrainableParameters.Count(fixture.Index.Cell(cell)), record.Metrics.TrainableParameters);
            var final = record.Metrics.EvaluationData[2];
            Assert.Equal(RecordParser.SyntheticMarker, final.CheckpointPath);
            Assert.Equal(record.Epochs, final.CurrentEpoch);
            foreach (double accuracy in new[] { final.TrainAccuracy, final.ValidationAccuracy, final.TestAccuracy })
            {
                double k = Math.Round(accuracy * 9984);
                Assert.Equal((double)(float)(k / 9984), accuracy);
            }

            Assert.InRange(final.ValidationAccuracy, 0.3, 0.96);
            Assert.Equal((double)(float)final.TrainingTime, final.TrainingTime);
        }
    }

    [Fact]
    public void Write_SameSeedSameBytes_OtherSeedOtherValues()
    {
        byte[] a = File.ReadAllBytes(BenchmarkFiles.WriteSynthetic(_temp.File("a.tfrecord"), fixture.Index, 10, seed: 5));
        byte[] b = File.ReadAllBytes(BenchmarkFiles.WriteSynthetic(_temp.File("b.tfrecord"), fixture.Index, 10, seed: 5));
        byte[] c = File.ReadAllBytes(BenchmarkFiles.WriteSynthetic(_temp.File("c.tfrecord"), fixture.Index, 10, seed: 6));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Write_LongerTrainingGivesHigherAccuracyOnAverage()
    {
        var records = BenchmarkFiles.ReadPayloads(BenchmarkFiles.WriteSynthetic(_temp.File("a.tfrecord"), fixture.Index, 200, allEpochs: true))
            .Select(p => NasBenchRecord.Parse(p)).ToList();
        var means = records.GroupBy(r => r.Epochs).OrderBy(g => g.Key).Select(g => g.Average(r => r.Metrics.EvaluationData[2].ValidationAccuracy)).ToList();
        Assert.True(means.Zip(means.Skip(1)).All(p => p.First < p.Second), string.Join(", ", means));
    }

    /// <summary>`data synth --seed S` + import holds exactly what `--synthetic --synthetic-seed S` generates in memory.</summary>
    [Fact]
    public void FileImported_EqualsTheInMemoryBenchmark_EveryValue()
    {
        const int cells = 300, seed = 7;
        string file = BenchmarkFiles.WriteSynthetic(_temp.File("s.tfrecord"), fixture.Index, cells, allEpochs: true, seed: seed);
        using var store = BenchmarkStore.Open(BenchmarkImporter.Import(file, _temp.File("s.nbstore"), fixture.Index).StorePath, fixture.Index);
        var memory = InMemoryBenchmarkData.Synthetic(fixture.Index, new SyntheticBenchmarkOptions(cells, AllEpochs: true, Seed: seed));
        var full = InMemoryBenchmarkData.Synthetic(fixture.Index, seed);
        Assert.True(store.IsSynthetic && memory.IsSynthetic && full.IsSynthetic);
        Assert.Equal(memory.CellIndices, store.CellIndices);
        Assert.Equal(memory.Epochs, store.Epochs);
        foreach (int cell in memory.CellIndices)
        {
            Assert.Equal(memory.TrainableParameters(cell), store.TrainableParameters(cell));
            foreach (int epochs in memory.Epochs)
            {
                for (int k = 0; k < 3; k++)
                {
                    Assert.Equal(memory.Metrics(cell, epochs, k), store.Metrics(cell, epochs, k));
                }
            }

            // The full-size one (108 epochs) gives each cell the same values: a cell's draws depend on (seed, hash, budget) only.
            Assert.Equal(memory.Metrics(cell, 108, 2), full.Metrics(cell, 108, 2));
        }

        var other = InMemoryBenchmarkData.Synthetic(fixture.Index, new SyntheticBenchmarkOptions(cells, Seed: seed + 1));
        Assert.NotEqual(memory.Metrics(0, 108, 0), other.Metrics(0, 108, 0));
    }
}
