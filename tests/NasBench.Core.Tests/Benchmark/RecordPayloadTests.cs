using System.Text;
using System.Text.Json;
using NasBench.Core.Benchmark.Records;

namespace NasBench.Core.Tests.Benchmark;

public sealed class RecordPayloadTests
{
    private static readonly byte[] Real = BenchmarkFiles.ReadPayloads(SharedData.RealData("record_00005c14_epochs4.tfrecord"))[0];

    [Fact]
    public void TryRead_OtherJsonSpellingsOfTheSameRecordGiveTheSameFields()
    {
        using var doc = JsonDocument.Parse(Real);
        using var compact = new MemoryStream();
        using (var writer = new Utf8JsonWriter(compact))
        {
            doc.WriteTo(writer);
        }

        string spaced = Encoding.UTF8.GetString(Real).Replace(", ", " ,\t", StringComparison.Ordinal).Replace("[", "[ ", StringComparison.Ordinal);
        var expected = NasBenchRecord.Parse(Real);
        foreach (var variant in new[] { compact.ToArray(), Encoding.UTF8.GetBytes(spaced) })
        {
            Assert.NotEqual(Real, variant);
            var record = NasBenchRecord.Parse(variant);
            Assert.Equal((expected.ModuleHash, expected.Epochs, expected.ModuleAdjacency, expected.ModuleOperations), (record.ModuleHash, record.Epochs, record.ModuleAdjacency, record.ModuleOperations));
            Assert.Equal(expected.Metrics, record.Metrics);
        }
    }

    [Theory]
    [InlineData("[\"00005c142e6f48ac74fdcf73e3439874\", 4, \"0100\", \"input,output\", \"C\\n\"]", "bad base64")]
    [InlineData("[\"00005c142e6f48ac74fdcf73e343987\", 4, \"0100\", \"input,output\", \"\"]", "element 0")]
    [InlineData("[\"00005c142e6f48ac74fdcf73e3439874\", 4.5, \"0100\", \"input,output\", \"\"]", "element 1")]
    [InlineData("[\"00005c142e6f48ac74fdcf73e3439874\", 4, \"01\\u0030\", \"input,output\", \"\"]", "elements 2 and 3")]
    [InlineData("[\"00005c142e6f48ac74fdcf73e3439874\", 4, \"0100\", \"input,output\", \"\", 5]", "does not end")]
    [InlineData("{}", "not a JSON array")]
    public void TryRead_NamesWhatIsWrong(string json, string problem)
    {
        var scratch = new byte[json.Length];
        string? error = RecordPayload.TryRead(Encoding.UTF8.GetBytes(json), scratch, out _);
        Assert.NotNull(error);
        Assert.Contains(problem, error);
    }
}
