using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

[Collection(nameof(SpaceCollection))]
public sealed class SearchSessionTests
{
    private static readonly RandomSearchOptions Uniform = new() { Sampler = CellDistribution.Uniform, RestrictToStore = true };

    [Fact]
    public void Real30_BestMeanTest_IsComputedFromTheData()
    {
        double expected = SearchData.Records().GroupBy(r => r.Hash).Max(g => g.OrderBy(r => r.Repeat).Aggregate(0.0, (s, r) => s + r.Test) / 3);
        Assert.Equal(expected, SearchData.Real30.BestMeanTestAccuracy);
        Assert.Equal(30, SearchData.Real30.Held.Count);
        Assert.False(SearchData.Real30.IsSynthetic);
    }

    [Fact]
    public void Query_CellTheStoreLacks_SaysNotInThisBenchmark()
    {
        var tables = SearchData.Real30;
        int missing = Enumerable.Range(0, tables.Space.Count).First(i => !tables.Contains(i));
        var session = new SearchSession(tables, SearchProtocol.NasBench101, SearchBudget.OfQueries(10), new Random(0));
        var e = Assert.Throws<OutOfDomainException>(() => session.QueryCell(missing));
        Assert.Contains("not in this benchmark", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomSearch_UnrestrictedRawOnPartialStore_FailsClearly()
    {
        var config = new SearchConfiguration(new RandomSearchOptions { Sampler = CellDistribution.Raw }, SearchBudget.OfQueries(10), SearchProtocol.NasBench101, 0);
        var e = Assert.Throws<OutOfDomainException>(() => SearchRunner.Run(config, SearchData.Real30));
        Assert.Contains("not in this benchmark", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomSearch_Real30Nb101_FindsTheBestSingleRepeatByValidation()
    {
        var records = SearchData.Records();
        var best = records.OrderByDescending(r => r.Validation).First();
        var config = new SearchConfiguration(Uniform, SearchBudget.OfQueries(3000), SearchProtocol.NasBench101, 7);
        var final = SearchRunner.Run(config, SearchData.Real30).Final;
        Assert.Equal(best.Hash, final.IncumbentHash.ToString());
        Assert.Equal(best.Validation, final.IncumbentValidationAccuracy);
        Assert.Equal(best.Test, final.IncumbentTestAccuracy);
        double meanTest = records.Where(r => r.Hash == best.Hash).OrderBy(r => r.Repeat).Aggregate(0.0, (s, r) => s + r.Test) / 3;
        Assert.Equal(meanTest, final.IncumbentMeanTestAccuracy);
        Assert.Equal(SearchData.Real30.BestMeanTestAccuracy - meanTest, final.TestRegret);
        Assert.Equal(30, final.CellsExplored);
    }

    [Fact]
    public void RandomSearch_Real30Mean3_FindsTheBestMeanValidationCell()
    {
        var byCell = SearchData.Records().GroupBy(r => r.Hash)
            .Select(g => (Hash: g.Key, Valid: g.OrderBy(r => r.Repeat).Aggregate(0.0, (s, r) => s + r.Validation) / 3,
                Test: g.OrderBy(r => r.Repeat).Aggregate(0.0, (s, r) => s + r.Test) / 3)).ToList();
        var best = byCell.OrderByDescending(c => c.Valid).First();
        var config = new SearchConfiguration(Uniform, SearchBudget.OfQueries(1000), SearchProtocol.MeanOfThree, 3);
        var final = SearchRunner.Run(config, SearchData.Real30).Final;
        Assert.Equal(best.Hash, final.IncumbentHash.ToString());
        Assert.Equal(best.Test, final.IncumbentTestAccuracy, 15);
        Assert.Equal(byCell.Max(c => c.Test) - best.Test, final.TestRegret, 15);
    }

    [Fact]
    public void RawSampler_RestrictedToStore_OnlyQueriesHeldCells()
    {
        var config = new SearchConfiguration(new RandomSearchOptions { RestrictToStore = true }, SearchBudget.OfQueries(15), SearchProtocol.NasBench101, 1);
        var result = SearchRunner.Run(config, SearchData.Real30);
        Assert.Equal(15, result.Final.Step);
        Assert.True(SearchData.Real30.Contains(result.Final.IncumbentCell));
    }

    [Fact]
    public void Nb101Protocol_ReturnsOneRepeatAndChargesItsTime()
    {
        var tables = SearchData.Real30;
        var observer = new RecordingObserver();
        var session = new SearchSession(tables, SearchProtocol.NasBench101, SearchBudget.OfQueries(100), new Random(5), observer: observer);
        int cell = tables.Held[0];
        double total = 0;
        for (int q = 0; q < 60; q++)
        {
            double valid = session.QueryCell(cell);
            int k = Enumerable.Range(0, 3).First(r => tables.Validation(cell, r) == valid);
            total += tables.TrainingTime(cell, k);
            Assert.Equal(total, observer.Steps[^1].SimulatedSeconds);
        }

        Assert.Equal(1, observer.Steps[^1].CellsExplored);
        Assert.Equal(60, observer.Steps[^1].Step);
    }

    [Fact]
    public void Mean3Protocol_ReturnsMeansOverTheRepeats()
    {
        var tables = SearchData.Real30;
        var observer = new RecordingObserver();
        var session = new SearchSession(tables, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(100), new Random(5), observer: observer);
        double total = 0;
        foreach (int cell in tables.Held)
        {
            double valid = session.QueryCell(cell);
            Assert.Equal((tables.Validation(cell, 0) + (double)tables.Validation(cell, 1) + tables.Validation(cell, 2)) / 3, valid, 15);
            total += tables.MeanTrainingTime(cell);
            Assert.Equal(total, observer.Steps[^1].SimulatedSeconds, 9);
        }

        Assert.Equal(tables.MeanTest(observer.Steps[^1].IncumbentCell), observer.Steps[^1].IncumbentTestAccuracy);
    }
}
