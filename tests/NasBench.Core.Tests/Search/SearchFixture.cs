using System.Globalization;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark;
using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

/// <summary>Benchmarks shared by the search and study tests: full-size synthetic data and the 30 real models.</summary>
public static class SearchData
{
    private static readonly Lazy<BenchmarkTables> SyntheticTables =
        new(() => new BenchmarkTables(InMemoryBenchmarkData.Synthetic(SpaceFixture.SharedIndex, seed: 1)));

    private static readonly Lazy<BenchmarkTables> RealTables =
        new(() => new BenchmarkTables(InMemoryBenchmarkData.FromRecordsCsv(SpaceFixture.SharedIndex, SharedData.RealData(RecordsFile))));

    public const string RecordsFile = "records_30_models_108.csv";

    public static BenchmarkTables Synthetic => SyntheticTables.Value;

    public static BenchmarkTables Real30 => RealTables.Value;

    /// <summary>The 90 rows of the 30-model file, read independently of the code under test.</summary>
    public static IReadOnlyList<RecordRow> Records() =>
        [.. SharedData.ReadCsv(RecordsFile).Select(f => new RecordRow(f[0], int.Parse(f[1], CultureInfo.InvariantCulture),
            double.Parse(f[9], CultureInfo.InvariantCulture), double.Parse(f[11], CultureInfo.InvariantCulture), double.Parse(f[12], CultureInfo.InvariantCulture)))];
}

public sealed record RecordRow(string Hash, int Repeat, double Time, double Validation, double Test);

/// <summary>Records every step of a run.</summary>
public sealed class RecordingObserver : ISearchObserver
{
    public List<SearchProgress> Steps { get; } = [];

    public void OnProgress(in SearchProgress progress) => Steps.Add(progress);
}

/// <summary>A clock that advances a fixed amount each time it is read.</summary>
public sealed class SteppingClock(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
}
