using NasBench.Core.Benchmark.Records;
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
}
