using Google.Protobuf;
using NasBench.Core.Benchmark.Proto;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Records;

/// <summary>
/// One record of an official file, fully decoded (the slow, allocating path: for dumps, tests and the writer). The
/// importer uses <see cref="RecordParser"/> instead.
/// </summary>
public sealed record NasBenchRecord(CellHash ModuleHash, int Epochs, string ModuleAdjacency, string ModuleOperations, ModelMetrics Metrics)
{
    /// <summary>Decodes a record's data; throws <see cref="InvalidDataException"/> naming the problem.</summary>
    public static NasBenchRecord Parse(ReadOnlySpan<byte> payload)
    {
        byte[] scratch = new byte[2 * payload.Length];
        string? error = RecordPayload.TryRead(payload, scratch, out var fields);
        if (error is not null)
        {
            throw new InvalidDataException(error);
        }

        ModelMetrics metrics;
        try
        {
            metrics = ModelMetrics.Parser.ParseFrom(fields.Metrics);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"bad proto: the metrics are not a ModelMetrics message ({e.Message})");
        }

        return new NasBenchRecord(fields.ModuleHash, fields.Epochs, System.Text.Encoding.ASCII.GetString(fields.Adjacency),
            System.Text.Encoding.ASCII.GetString(fields.Operations), metrics);
    }

    /// <summary>The record's data in the official form (the JSON array with base64 metrics).</summary>
    public byte[] ToPayload()
    {
        var check = ModelSpec.Check(ModuleAdjacency, ModuleOperations);
        var cell = check.Spec?.Cell ?? throw new OutOfDomainException(check.Status, check.Message);
        if (cell.ToAdjacencyString() != ModuleAdjacency)
        {
            throw new OutOfDomainException($"The adjacency {ModuleAdjacency} is not pruned; records store pruned cells.");
        }

        byte[] metrics = Metrics.ToByteArray();
        var buffer = new byte[RecordPayload.MaxLength(metrics.Length)];
        int length = RecordPayload.Write(buffer, ModuleHash, Epochs, cell, metrics);
        return buffer.AsSpan(0, length).ToArray();
    }
}
