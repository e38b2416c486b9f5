using NasBench.Core.Search;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search.Baselines;

[Collection(nameof(SpaceCollection))]
public sealed class HyperbandSearchTests
{
    [Fact]
    public void Brackets_Eta3From4To108_AreHpbandstersSchedule()
    {
        // hpbandster HyperBand(eta=3, min_budget=4, max_budget=108).get_next_iteration(0..3), as run_hyperband.py runs it.
        var brackets = HyperbandSchedule.Brackets(4, 108, 3);
        Assert.Equal(["27×4 9×12 3×36 1×108", "9×12 3×36 1×108", "6×36 2×108", "4×108"], brackets.Select(b => b.ToString()));
    }

    [Fact]
    public void Survivors_KeepTheLowestLosses_TiesToTheEarlier()
    {
        double[] losses = [0.3, 0.1, 0.2, 0.1, 0.5];
        Assert.Equal([1, 3], HyperbandSearch.Survivors([0, 1, 2, 3, 4], losses, 2));
        Assert.Equal([1, 2, 3], HyperbandSearch.Survivors([0, 1, 2, 3, 4], losses, 3));
        Assert.Equal([0, 2], HyperbandSearch.Survivors([0, 2, 4], losses, 2));
    }

    [Fact]
    public void QueryCellAt_ChargesTheQueriedBudgetsTrainingTime_RegretAt108()
    {
        var tables = BaselineData.AllEpochs;
        int cell = tables.Held[1234];
        var session = new SearchSession(tables, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(10), new Random(1));
        double valid = session.QueryCellAt(cell, 4);
        double time = 0, validation = 0;
        for (int k = 0; k < 3; k++)
        {
            time += tables.Data.Metrics(cell, 4, k).Final.TrainingTime;
            validation += tables.Data.Metrics(cell, 4, k).Final.ValidationAccuracy;
        }

        Assert.Equal(validation / 3, valid, 6);
        Assert.Equal(time / 3, session.Current.SimulatedSeconds, 6);
        Assert.Equal(4, session.Counters.EpochsSpent);
        Assert.Equal(tables.BestMeanTestAccuracy - tables.MeanTest(cell), session.Current.TestRegret, 12);
        session.QueryCellAt(cell, 108);
        Assert.Equal(112, session.Counters.EpochsSpent);
        Assert.Equal((time / 3) + tables.MeanTrainingTime(cell), session.Current.SimulatedSeconds, 6);
    }

    [Fact]
    public void Hyperband_FirstBracket_QueriesItsStagesInOrder()
    {
        var observer = new RecordingObserver();
        var config = new SearchConfiguration(new HyperbandSearchOptions(), SearchBudget.OfQueries(1_000), SearchProtocol.NasBench101, 3);
        var session = new SearchSession(BaselineData.AllEpochs, config.Protocol, config.Budget, new Random(2), observer: observer);
        var search = new HyperbandSearch(new HyperbandSearchOptions(), new CountingSampler());
        search.Run(session, new Random(5));
        // Every stage of the first bracket is queried before the second bracket's first (12-epoch) stage: the epochs
        // charged per query read 4…4, 12…, 36…, 108, then 12….
        Assert.Equal(1_000, session.Queries);
        Assert.True(session.Counters.EpochsSpent > 1_000 * 4);
    }

    private sealed class CountingSampler : IConfigurationSampler
    {
        public void Sample(Random random, Span<int> into) => CellConfigurations.SampleUniform(random, into);

        public void Observe(ReadOnlySpan<int> configuration, int epochs, double loss)
        {
        }

        public long MaxFree => SearchSession.MaxFreeIterations;
    }
}
