namespace NasBench.Core.Benchmark.Store;

/// <summary>Where a store came from; shown by <c>nasbench data info</c>.</summary>
/// <param name="SourceFile">The imported file's name (no directory).</param>
/// <param name="SourceSha256">SHA-256 of the imported file, lowercase hex.</param>
/// <param name="RecordCount">Records read from it.</param>
/// <param name="Epochs">The epoch budgets present, ascending.</param>
/// <param name="Cells">The number of cells (unique hashes).</param>
/// <param name="IsSynthetic">True when the file was made by the synthetic generator, not Google.</param>
public sealed record StoreMetadata(string SourceFile, string SourceSha256, long RecordCount, int[] Epochs, int Cells, bool IsSynthetic)
{
    /// <summary>One line for <c>nasbench data info</c> and the results' notes (SYNTHETIC when generated).</summary>
    public string Describe() =>
        $"{(IsSynthetic ? "SYNTHETIC data (not the official NAS-Bench-101 results)" : "real NAS-Bench-101 data")}: " +
        $"{Cells:N0} cells, epochs {string.Join("/", Epochs)}, {RecordCount:N0} records from {SourceFile} (SHA-256 {SourceSha256})";
}

/// <summary>Source-generated JSON for the metadata: no reflection on the store's open path.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(StoreMetadata))]
internal sealed partial class StoreMetadataJson : System.Text.Json.Serialization.JsonSerializerContext;
