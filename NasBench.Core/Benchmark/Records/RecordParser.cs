using Google.Protobuf;
using NasBench.Core.Benchmark.Proto;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Records;

/// <summary>
/// Decodes and checks one record for the importer.
/// </summary>
/// <remarks>
/// <code>
/// read the JSON array (spans into the payload; base64 decoded into a per-thread buffer)
/// epochs ∈ {4, 12, 36, 108}
/// cell ← adjacency + operations; it must be pruned, in the space (table lookup, no MD5), equal to the canonical
///        representative of its cell, and that cell's hash must be the record's hash
/// metrics ← ModelMetrics (protobuf); evaluation_data[1] is halfway, [2] final; every value float32-exact
/// </code>
/// </remarks>
internal static class RecordParser
{
    /// <summary>The checkpoint path the synthetic generator writes; the official files never have it.</summary>
    public const string SyntheticMarker = "synthetic://nasbench";

    [ThreadStatic]
    private static byte[]? _scratch;

    /// <summary>Parses and checks a record; returns null or the problem.</summary>
    public static string? TryParse(ReadOnlySpan<byte> payload, CellIndex space, out ParsedRecord record)
    {
        record = default;
        if (_scratch is null || _scratch.Length < 2 * payload.Length)
        {
            _scratch = new byte[Math.Max(4096, 2 * payload.Length)];
        }

        string? error = RecordPayload.TryRead(payload, _scratch, out var fields);
        if (error is not null)
        {
            return error;
        }

        record.EpochSlot = EpochBudgets.SlotOf(fields.Epochs);
        if (record.EpochSlot < 0)
        {
            return $"epochs is {fields.Epochs}; NAS-Bench-101 has {string.Join("/", EpochBudgets.Valid)}";
        }

        error = FindCell(fields, space, out record.Cell);
        return error ?? ReadMetrics(fields.Metrics, ref record);
    }

    private static string? FindCell(in RecordFields fields, CellIndex space, out int cell)
    {
        cell = -1;
        string? error = CellText.TryParse(fields.Adjacency, fields.Operations, out var raw);
        if (error is not null)
        {
            return $"bad cell: {error}";
        }

        var status = raw.Prune(out var pruned);
        if (status != SpecStatus.Ok || pruned != raw)
        {
            return status == SpecStatus.Ok
                ? $"hash mismatch: the stored cell {raw} is not pruned (it prunes to {pruned}), so it is not the dataset's form of {fields.ModuleHash}"
                : $"hash mismatch: the stored cell {raw} is not in the space ({OutOfDomainException.StatusName(status)})";
        }

        cell = space.IndexOfPruned(pruned);
        if (cell < 0)
        {
            return $"hash mismatch: the stored cell {raw} is not in the space";
        }

        if (space.Hash(cell) != fields.ModuleHash)
        {
            return $"hash mismatch: the record says {fields.ModuleHash}, but its adjacency/operations hash to {space.Hash(cell)}";
        }

        return space.Cell(cell) == raw
            ? null
            : $"the stored cell {raw} of {fields.ModuleHash} is not its canonical representative {space.Cell(cell)}";
    }

    private static string? ReadMetrics(ReadOnlySpan<byte> bytes, ref ParsedRecord record)
    {
        ModelMetrics metrics;
        try
        {
            metrics = ModelMetrics.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            return $"bad proto: the metrics are not a ModelMetrics message ({e.Message})";
        }

        if (metrics.EvaluationData.Count < 3 || !metrics.HasTrainableParameters)
        {
            return $"bad proto: expected 3 evaluations and trainable_parameters, found {metrics.EvaluationData.Count} evaluations";
        }

        record.TrainableParameters = metrics.TrainableParameters;
        record.IsSynthetic = metrics.EvaluationData[2].CheckpointPath == SyntheticMarker;
        string? halfwayError = ToFloats(metrics.EvaluationData[1], "halfway", out var halfway);
        string? finalError = ToFloats(metrics.EvaluationData[2], "final", out var final);
        record.Metrics = new RepeatMetrics(halfway, final);
        return halfwayError ?? finalError;
    }

    private static string? ToFloats(EvaluationData e, string which, out EvaluationMetrics metrics)
    {
        metrics = new EvaluationMetrics((float)e.TrainingTime, (float)e.TrainAccuracy, (float)e.ValidationAccuracy, (float)e.TestAccuracy);
        bool exact = metrics.TrainingTime == e.TrainingTime && metrics.TrainAccuracy == e.TrainAccuracy
            && metrics.ValidationAccuracy == e.ValidationAccuracy && metrics.TestAccuracy == e.TestAccuracy;
        return exact ? null : $"the {which} evaluation holds a value that is not a float32 ({e})";
    }
}
