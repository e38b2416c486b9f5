using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.TfRecord;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Tests.Benchmark;

public sealed class TfRecordTests
{
    private static readonly string RealRecord = SharedData.RealData("record_00005c14_epochs4.tfrecord");

    [Fact]
    public void Read_RealRecordGivesTheValuesOfNasBench101Md()
    {
        var payloads = BenchmarkFiles.ReadPayloads(RealRecord);
        var record = NasBenchRecord.Parse(Assert.Single(payloads));
        Assert.Equal("00005c142e6f48ac74fdcf73e3439874", record.ModuleHash.ToString());
        Assert.Equal(4, record.Epochs);
        Assert.Equal(8_555_530, record.Metrics.TrainableParameters);
        Assert.Equal(3, record.Metrics.EvaluationData.Count);
        var final = record.Metrics.EvaluationData[2];
        Assert.Equal(89.90399932861328, final.TrainingTime);
        Assert.Equal(0.3498597741127014, final.TrainAccuracy);
        Assert.Equal(0.3489583432674408, final.ValidationAccuracy);
        Assert.Equal(0.3504607379436493, final.TestAccuracy);
        Assert.Equal(ModelSpec.Parse(record.ModuleAdjacency, record.ModuleOperations).Hash, record.ModuleHash);
    }

    [Fact]
    public void Write_RealRecordRoundTripsByteForByte()
    {
        byte[] original = File.ReadAllBytes(RealRecord);
        var record = NasBenchRecord.Parse(Assert.Single(BenchmarkFiles.ReadPayloads(RealRecord)));
        using var stream = new MemoryStream();
        new TfRecordWriter(stream).Write(record.ToPayload());
        Assert.Equal(original, stream.ToArray());
    }

    [Fact]
    public void Read_RecordsSpanningManySmallBatchesComeBackInOrder()
    {
        var payloads = Enumerable.Range(0, 200).Select(i => new byte[(i * 37) % 700]).ToList();
        for (int i = 0; i < payloads.Count; i++)
        {
            new Random(i).NextBytes(payloads[i]);
        }

        using var stream = new MemoryStream();
        var writer = new TfRecordWriter(stream);
        payloads.ForEach(p => writer.Write(p));
        stream.Position = 0;
        using var reader = new TfRecordReader(stream, batchBytes: 300);
        for (int i = 0; i < payloads.Count; i++)
        {
            Assert.True(reader.TryRead(out var data));
            Assert.Equal(payloads[i], data.ToArray());
            Assert.Equal(i, reader.RecordNumber);
            Assert.Equal(BenchmarkFiles.OffsetOf(payloads, i), reader.RecordOffset);
        }

        Assert.False(reader.TryRead(out _));
    }

    [Theory]
    [InlineData(2, "bad CRC of the length field")]
    [InlineData(20, "bad CRC of the data")]
    [InlineData(-1, "bad CRC of the data")]
    public void Read_FlippedByteNamesTheRecordAndOffset(int position, string problem)
    {
        var (bytes, offset) = ThreeRecordsWithSecondAt();
        bytes[offset + (position >= 0 ? position : 12 + 100 + 2)] ^= 0x40;
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(bytes));
        Assert.Contains($"record 1 at byte offset {offset}: {problem}", e.Message);
    }

    [Fact]
    public void Read_TruncatedFileNamesTheRecordAndOffset()
    {
        var (bytes, offset) = ThreeRecordsWithSecondAt();
        int cut = (int)offset + 116 + 50;
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(bytes[..cut]));
        Assert.Contains($"record 2 at byte offset {offset + 116}: truncated", e.Message);
    }

    private static (byte[] Bytes, long SecondOffset) ThreeRecordsWithSecondAt()
    {
        using var stream = new MemoryStream();
        var writer = new TfRecordWriter(stream);
        for (int i = 0; i < 3; i++)
        {
            writer.Write(Enumerable.Repeat((byte)('a' + i), 100).ToArray());
        }

        return (stream.ToArray(), 116);
    }

    private static void ReadAll(byte[] bytes)
    {
        using var reader = new TfRecordReader(new MemoryStream(bytes));
        while (reader.TryRead(out _))
        {
        }
    }
}
