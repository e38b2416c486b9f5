using System.Text;
using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Benchmark;

[Collection(nameof(SpaceCollection))]
public sealed class ImportTests(SpaceFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Import_RealCsvExtract_EveryMetricEqualsTheCsvExactly()
    {
        string file = _temp.File("records30.tfrecord");
        BenchmarkFiles.WriteRecords(file, BenchmarkFiles.CsvPayloads());
        var result = BenchmarkImporter.Import(file, _temp.File("s.nbstore"), fixture.Index);
        using var store = BenchmarkStore.Open(result.StorePath, fixture.Index);
        Assert.False(store.IsSynthetic);
        Assert.Equal(new[] { 108 }, store.Epochs);
        Assert.Equal((30, 90L), (store.Metadata.Cells, store.Metadata.RecordCount));
        Assert.Equal(30, store.CellIndices.Count);
        foreach (var r in BenchmarkFiles.CsvRows)
        {
            int cell = fixture.Index.IndexOf(CellHash.Parse(r[0]));
            Assert.True(store.Contains(cell));
            Assert.Equal((r[2], r[3]), (fixture.Index.Cell(cell).ToAdjacencyString(), fixture.Index.Cell(cell).ToOperationsString()));
            Assert.Equal(int.Parse(r[4]), store.TrainableParameters(cell));
            var m = store.Metrics(cell, 108, int.Parse(r[1]));
            double[] expected = [.. r[5..].Select(BenchmarkFiles.D)];
            double[] actual = [m.Halfway.TrainingTime, m.Halfway.TrainAccuracy, m.Halfway.ValidationAccuracy, m.Halfway.TestAccuracy,
                m.Final.TrainingTime, m.Final.TrainAccuracy, m.Final.ValidationAccuracy, m.Final.TestAccuracy];
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Import_SyntheticFileIsLabelledAndRecordsItsSource()
    {
        string file = BenchmarkFiles.WriteSynthetic(_temp.File("synth.tfrecord"), fixture.Index, 40, allEpochs: true);
        var result = BenchmarkImporter.Import(file, _temp.File("s.nbstore"), fixture.Index);
        using var store = BenchmarkStore.Open(result.StorePath, fixture.Index);
        Assert.True(store.IsSynthetic);
        Assert.Equal(new[] { 4, 12, 36, 108 }, store.Epochs);
        Assert.Equal(("synth.tfrecord", 480L, 40), (store.Metadata.SourceFile, store.Metadata.RecordCount, store.Metadata.Cells));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))), store.Metadata.SourceSha256);
        Assert.Equal(Enumerable.Range(0, 40), store.CellIndices);
        Assert.Contains("SYNTHETIC", store.Metadata.Describe());
    }

    [Fact]
    public void Open_CellNotHeldIsAClearDomainError()
    {
        string file = BenchmarkFiles.WriteSynthetic(_temp.File("synth.tfrecord"), fixture.Index, 5);
        using var store = BenchmarkStore.Open(BenchmarkImporter.Import(file, _temp.File("s.nbstore"), fixture.Index).StorePath, fixture.Index);
        var e = Assert.Throws<OutOfDomainException>(() => store.Metrics(100, 108, 0));
        Assert.Contains("not in this benchmark", e.Message);
        Assert.Throws<OutOfDomainException>(() => store.Metrics(0, 4, 0));
        Assert.False(store.Contains(100));
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "json", "bad JSON" },
        { "base64", "bad base64" },
        { "proto", "bad proto" },
        { "hash", "hash mismatch" },
        { "epochs", "epochs is 50" },
        { "crc", "bad CRC of the data" },
        { "truncated", "truncated" },
        { "repeat", "a 4th repeat" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Import_CorruptRecordStopsWithRecordNumberAndOffset_AndThePreviousStoreStays(string corruption, string problem)
    {
        var payloads = BenchmarkFiles.ReadPayloads(BenchmarkFiles.WriteSynthetic(_temp.File("good.tfrecord"), fixture.Index, 10));
        string storePath = _temp.File("s.nbstore");
        BenchmarkImporter.Import(_temp.File("good.tfrecord"), storePath, fixture.Index);
        byte[] before = File.ReadAllBytes(storePath);

        const int bad = 7;
        string text = Encoding.UTF8.GetString(payloads[bad]);
        payloads[bad] = corruption switch
        {
            "json" => Encoding.UTF8.GetBytes(text[..^3]),
            "base64" => Encoding.UTF8.GetBytes(text.Replace("\", \"C", "\", \"*", StringComparison.Ordinal)),
            "proto" => Encoding.UTF8.GetBytes(text[..(text.LastIndexOf("\", \"", StringComparison.Ordinal) + 4)] + "/w==\\n\"]"),
            "hash" => Encoding.UTF8.GetBytes(text.Replace(text[2..34], fixture.Index.Hash(100).ToString(), StringComparison.Ordinal)),
            "epochs" => Encoding.UTF8.GetBytes(text.Replace(", 108, ", ", 50, ", StringComparison.Ordinal)),
            "repeat" => payloads[bad - 3],
            _ => payloads[bad],
        };
        string file = _temp.File("bad.tfrecord");
        BenchmarkFiles.WriteRecords(file, payloads);
        long offset = BenchmarkFiles.OffsetOf(payloads, bad);
        if (corruption == "crc")
        {
            Flip(file, offset + 40);
        }
        else if (corruption == "truncated")
        {
            using var stream = File.OpenWrite(file);
            stream.SetLength(offset + 30);
        }

        var e = Assert.Throws<InvalidDataException>(() => BenchmarkImporter.Import(file, storePath, fixture.Index));
        Assert.Contains($"record {bad} at byte offset {offset}: {problem}", e.Message);
        Assert.Equal(before, File.ReadAllBytes(storePath));
        using (var store = BenchmarkStore.Open(storePath, fixture.Index))
        {
            Assert.Equal(10, store.CellIndices.Count);
        }

        Assert.Empty(Directory.GetFiles(_temp.Path, "*.tmp-*"));
    }

    [Fact]
    public void Import_MissingRepeatNamesTheHash()
    {
        var payloads = BenchmarkFiles.ReadPayloads(BenchmarkFiles.WriteSynthetic(_temp.File("good.tfrecord"), fixture.Index, 4));
        payloads.RemoveAt(5);
        BenchmarkFiles.WriteRecords(_temp.File("bad.tfrecord"), payloads);
        var e = Assert.Throws<InvalidDataException>(() => BenchmarkImporter.Import(_temp.File("bad.tfrecord"), _temp.File("s.nbstore"), fixture.Index));
        Assert.Contains($"{fixture.Index.Hash(1)} has 2 repeats at 108 epochs", e.Message);
        Assert.False(File.Exists(_temp.File("s.nbstore")));
    }

    [Fact]
    public void Import_TheRealSingleRecordPassesEveryRecordCheckButNeedsItsOtherRepeats()
    {
        string real = SharedData.RealData("record_00005c14_epochs4.tfrecord");
        var e = Assert.Throws<InvalidDataException>(() => BenchmarkImporter.Import(real, _temp.File("s.nbstore"), fixture.Index));
        Assert.Equal("00005c142e6f48ac74fdcf73e3439874 has 1 repeats at 4 epochs; every hash needs exactly 3 per budget present.", e.Message);
    }

    [Fact]
    public void Dispose_UnmapsTheStore()
    {
        string file = BenchmarkFiles.WriteSynthetic(_temp.File("synth.tfrecord"), fixture.Index, 3);
        using var store = BenchmarkStore.Open(BenchmarkImporter.Import(file, _temp.File("s.nbstore"), fixture.Index).StorePath, fixture.Index);
        Assert.True(store.Metrics(2, 108, 2).Final.ValidationAccuracy > 0);
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Metrics(2, 108, 2));
    }

    [Fact]
    public void Import_RecordOrderDoesNotMatter()
    {
        var payloads = BenchmarkFiles.ReadPayloads(BenchmarkFiles.WriteSynthetic(_temp.File("a.tfrecord"), fixture.Index, 30, allEpochs: true));
        var shuffled = payloads.Select((p, i) => (p, i)).OrderBy(x => x.i % 7).ThenBy(x => x.i).Select(x => x.p).ToList();
        BenchmarkFiles.WriteRecords(_temp.File("b.tfrecord"), shuffled);
        using var a = BenchmarkStore.Open(BenchmarkImporter.Import(_temp.File("a.tfrecord"), _temp.File("a.nbstore"), fixture.Index).StorePath, fixture.Index);
        using var b = BenchmarkStore.Open(BenchmarkImporter.Import(_temp.File("b.tfrecord"), _temp.File("b.nbstore"), fixture.Index).StorePath, fixture.Index);
        foreach (int cell in a.CellIndices)
        {
            foreach (int epochs in a.Epochs)
            {
                var repeatsA = Enumerable.Range(0, 3).Select(r => a.Metrics(cell, epochs, r)).ToHashSet();
                Assert.True(repeatsA.SetEquals(Enumerable.Range(0, 3).Select(r => b.Metrics(cell, epochs, r))));
            }
        }
    }

    [Fact]
    public void Open_DamagedStoreIsRejected()
    {
        string file = BenchmarkFiles.WriteSynthetic(_temp.File("synth.tfrecord"), fixture.Index, 5);
        string store = BenchmarkImporter.Import(file, _temp.File("s.nbstore"), fixture.Index).StorePath;
        Flip(store, new FileInfo(store).Length - 20);
        Assert.Contains("damaged", Assert.Throws<InvalidDataException>(() => BenchmarkStore.Open(store, fixture.Index)).Message);
    }

    private static void Flip(string path, long position)
    {
        using var stream = File.Open(path, FileMode.Open);
        stream.Position = position;
        int b = stream.ReadByte();
        stream.Position = position;
        stream.WriteByte((byte)(b ^ 0x10));
    }
}
