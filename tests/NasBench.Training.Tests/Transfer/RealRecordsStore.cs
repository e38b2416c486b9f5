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

    public static BenchmarkStore Open(string directory)
    {
        var space = SharedSpace.Value;
        string tfrecord = Path.Combine(directory, "records30.tfrecord"), store = Path.Combine(directory, "records30.nbstore");
        BenchmarkExport.WriteTfRecord(InMemoryBenchmarkData.FromRecordsCsv(space, SharedData.RealData("records_30_models_108.csv")), tfrecord);
        BenchmarkImporter.Import(tfrecord, store, space);
        return BenchmarkStore.Open(store, space);
    }
}
