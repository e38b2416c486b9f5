using NasBench.Core.Benchmark;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Benchmark;

/// <summary>The query API over a store imported from the real 30-model extract (records_30_models_108.csv).</summary>
[Collection(nameof(SpaceCollection))]
public sealed class NasBenchApiTests(SpaceFixture fixture)
{
    private static readonly Lazy<BenchmarkStore> RealStore = new(() =>
    {
        var temp = new TempFolder();
        string file = temp.File("records30.tfrecord");
        BenchmarkFiles.WriteRecords(file, BenchmarkFiles.CsvPayloads());
        var store = BenchmarkStore.Open(BenchmarkImporter.Import(file, temp.File("s.nbstore"), SpaceFixture.SharedIndex).StorePath, SpaceFixture.SharedIndex);
        temp.Dispose();
        return store;
    });

    private static string[] Row(string hash, int repeat) => BenchmarkFiles.CsvRows.Single(r => r[0] == hash && r[1] == repeat.ToString());

    private static ModelSpec SpecOf(string[] row) => ModelSpec.Parse(row[2], row[3]);

    [Fact]
    public void Query_EqualsTheCsvForEveryRowAndChargesTheBudget()
    {
        var api = new NasBenchApi(RealStore.Value, new Random(1));
        double spent = 0;
        foreach (var row in BenchmarkFiles.CsvRows.Where(r => r[1] == "0"))
        {
            var result = api.Query(SpecOf(row));
            var repeat = Enumerable.Range(0, 3).Select(r => Row(row[0], r)).Single(r => BenchmarkFiles.D(r[9]) == result.TrainingTime);
            Assert.Equal(new[] { repeat[10], repeat[11], repeat[12] }.Select(BenchmarkFiles.D), new[] { result.TrainAccuracy, result.ValidationAccuracy, result.TestAccuracy });
            Assert.Equal((row[0], row[2], row[3], int.Parse(row[4])), (result.ModuleHash.ToString(), result.Module.ToAdjacencyString(), result.Module.ToOperationsString(), result.TrainableParameters));
            spent += result.TrainingTime;
        }

        Assert.Equal(new BudgetCounters(spent, 30 * 108), api.GetBudgetCounters());
        api.ResetBudgetCounters();
        Assert.Equal(new BudgetCounters(0, 0), api.GetBudgetCounters());
    }

    [Fact]
    public void Query_SeededRandomRepeatCoversAllThreeAndIsReproducible()
    {
        var spec = SpecOf(BenchmarkFiles.CsvRows[0]);
        var times = Enumerable.Range(0, 3).Select(r => BenchmarkFiles.D(Row(BenchmarkFiles.CsvRows[0][0], r)[9])).ToArray();
        var a = new NasBenchApi(RealStore.Value, new Random(42));
        var b = new NasBenchApi(RealStore.Value, new Random(42));
        var seen = Enumerable.Range(0, 60).Select(_ => a.Query(spec).TrainingTime).ToList();
        Assert.Equal(seen, Enumerable.Range(0, 60).Select(_ => b.Query(spec).TrainingTime));
        Assert.True(seen.ToHashSet().SetEquals(times));
    }

    [Fact]
    public void Query_HalfwayReturnsHalfwayValuesAndChargesHalfTheEpochs()
    {
        var row = BenchmarkFiles.CsvRows[3];
        var api = new NasBenchApi(RealStore.Value, new Random(3));
        var result = api.Query(SpecOf(row), stopHalfway: true);
        var repeat = Enumerable.Range(0, 3).Select(r => Row(row[0], r)).Single(r => BenchmarkFiles.D(r[5]) == result.TrainingTime);
        Assert.Equal(new[] { repeat[6], repeat[7], repeat[8] }.Select(BenchmarkFiles.D), new[] { result.TrainAccuracy, result.ValidationAccuracy, result.TestAccuracy });
        Assert.Equal(new BudgetCounters(result.TrainingTime, 54), api.GetBudgetCounters());
    }

    [Fact]
    public void Query_MeanOfRepeatsModeAveragesTheThree()
    {
        var row = BenchmarkFiles.CsvRows[6];
        var api = new NasBenchApi(RealStore.Value, new Random(0), QueryMode.MeanOfRepeats);
        var result = api.Query(SpecOf(row));
        var rows = Enumerable.Range(0, 3).Select(r => Row(row[0], r)).ToArray();
        Assert.Equal(rows.Sum(r => BenchmarkFiles.D(r[11])) / 3, result.ValidationAccuracy, 15);
        Assert.Equal(rows.Sum(r => BenchmarkFiles.D(r[12])) / 3, result.TestAccuracy, 15);
        Assert.Equal(rows.Sum(r => BenchmarkFiles.D(r[9])) / 3, api.GetBudgetCounters().TrainingTimeSpent, 9);
    }

    [Fact]
    public void Query_DomainErrors()
    {
        var api = new NasBenchApi(RealStore.Value, new Random(0));
        var spec = SpecOf(BenchmarkFiles.CsvRows[0]);
        Assert.Contains("epochs", Assert.Throws<OutOfDomainException>(() => api.Query(spec, epochs: 50)).Message);
        Assert.Contains("no results at 4 epochs", Assert.Throws<OutOfDomainException>(() => api.Query(spec, epochs: 4)).Message);
        var disconnected = CellKey.Create(3, 0b001, 0);
        Assert.Equal(SpecStatus.Disconnected, Assert.Throws<OutOfDomainException>(() => api.Query(disconnected)).Status);
        Assert.Contains("not in this benchmark", Assert.Throws<OutOfDomainException>(() => api.Query(ModelSpec.Parse("0100", "input,output"))).Message);
        Assert.Throws<OutOfDomainException>(() => api.GetMetricsFromHash(CellHash.Parse("043721b9c7fe8c5fad811d47d83132ec")));
        Assert.Equal(new BudgetCounters(0, 0), api.GetBudgetCounters());
    }

    [Fact]
    public void AnalysisCalls_DoNotChargeAndMatchTheCsv()
    {
        var api = new NasBenchApi(RealStore.Value, new Random(0));
        var row = BenchmarkFiles.CsvRows[9];
        var metrics = api.GetMetricsFromHash(CellHash.Parse(row[0]));
        Assert.Equal(metrics.Repeats[108], api.GetMetricsFromSpec(SpecOf(row)).Repeats[108]);
        Assert.Equal(int.Parse(row[4]), metrics.TrainableParameters);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(BenchmarkFiles.D(Row(row[0], r)[12]), metrics.Repeats[108][r].Final.TestAccuracy);
        }

        Assert.True(api.IsValid(SpecOf(row)));
        Assert.True(api.IsValid(row[2], row[3]));
        Assert.False(api.IsValid("0100", "input,output"));
        Assert.False(api.IsValid("0110", "input,output"));
        Assert.Equal(BenchmarkFiles.CsvRows.Select(r => r[0]).Distinct().Order(), api.HashIterator().Select(h => h.ToString()).Order());
        Assert.Equal(new BudgetCounters(0, 0), api.GetBudgetCounters());
        Assert.Equal(fixture.Index.Count, api.Space.Count);
    }

    [Fact]
    public void Query_RawUnprunedCellFindsItsCanonicalForm()
    {
        var row = BenchmarkFiles.CsvRows[0];
        var cell = SpecOf(row).Cell;
        var padded = CellSampler.PadToSeven(cell);
        var api = new NasBenchApi(RealStore.Value, new Random(0));
        Assert.Equal(fixture.Index.IndexOf(CellHash.Parse(row[0])), api.Query(padded).Cell);
    }

    /// <summary>The search sessions' path (the API over tables) answers and charges exactly as the store path does.</summary>
    [Theory]
    [InlineData(4, false, QueryMode.RandomRepeat)]
    [InlineData(12, true, QueryMode.RandomRepeat)]
    [InlineData(36, false, QueryMode.MeanOfRepeats)]
    [InlineData(108, true, QueryMode.MeanOfRepeats)]
    public void Query_OverTables_EqualsTheStorePathAtEveryBudget(int epochs, bool halfway, QueryMode mode)
    {
        var data = Search.MultiEpochData.Value;
        var fast = new NasBenchApi(new Core.Benchmark.Query.BenchmarkTables(data, epochs, halfway), 5, mode);
        var slow = new NasBenchApi(data, 5, mode);
        foreach (int cell in data.CellIndices.Concat(data.CellIndices.Reverse()))
        {
            Assert.Equal(slow.QueryIndex(cell, epochs, halfway), fast.QueryIndex(cell, epochs, halfway));
            Assert.Equal(slow.QueryIndex(cell, 108), fast.QueryIndex(cell, 108)); // other budgets: read from the data
        }

        Assert.Equal(slow.GetBudgetCounters(), fast.GetBudgetCounters());
        Assert.Throws<OutOfDomainException>(() => fast.QueryIndex(1, epochs, halfway));
    }

    [Fact]
    public void SeededApi_NearbySeeds_PickIndependentRepeats()
    {
        // The measurement: with new Random(seed), seed s picked the same repeat as s + 2 for 87 % of seeds.
        var spec = SpecOf(BenchmarkFiles.CsvRows[0]);
        double Picked(int seed) => new NasBenchApi(RealStore.Value, seed).Query(spec).TrainingTime;
        var picks = Enumerable.Range(0, 3002).Select(Picked).ToArray();
        Assert.InRange(Enumerable.Range(0, 3000).Count(s => picks[s] == picks[s + 1]) / 3000.0, 0.30, 0.37);
        Assert.InRange(Enumerable.Range(0, 3000).Count(s => picks[s] == picks[s + 2]) / 3000.0, 0.30, 0.37);
    }
}
