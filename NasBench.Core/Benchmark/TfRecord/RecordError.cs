namespace NasBench.Core.Benchmark.TfRecord;

/// <summary>The one shape of every corrupt-file message: which record, where, and what is wrong.</summary>
public static class RecordError
{
    /// <summary>The error for record <paramref name="recordNumber"/> at byte <paramref name="offset"/>.</summary>
    public static InvalidDataException At(long recordNumber, long offset, string problem) =>
        new($"record {recordNumber} at byte offset {offset}: {problem}");
}
