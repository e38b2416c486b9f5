using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.SearchSpace;

namespace NasBench.Training.Tests.Transfer;

/// <summary>
/// The real records_30_models_108.csv (30 cells × 3 repeats at 108 epochs) the way a user gets it: written as an
/// official-format tfrecord, imported, and opened as a benchmark store.
/// </summary>
public static class RealRecordsStore
{
    private static readonly Lazy<CellIndex> SharedSpace = new(() => SpaceEnumerator.Enumerate());

    /// <summary>The enumerated space (once per test process).</summary>
    public static CellIndex Space => SharedSpace.Value;

    /// <summary>Builds the store in <paramref name="directory"/> and returns its path.</summary>
    public static string Build(string directory)
    {
        string tfrecord = Path.Combine(directory, "records30.tfrecord"), store = Path.Combine(directory, "records30.nbstore");
        BenchmarkExport.WriteTfRecord(InMemoryBenchmarkData.FromRecordsCsv(Space, SharedData.RealData("records_30_models_108.csv")), tfrecord);
        BenchmarkImporter.Import(tfrecord, store, Space);
        return store;
    }

    public static BenchmarkStore Open(string directory) => BenchmarkStore.Open(Build(directory), Space);
}
