using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

[Collection(nameof(SpaceCollection))]
public sealed class SearchAlgorithmTests
{
    [Fact]
    public void Evolution_Defaults_AreTheSeedPapers()
    {
        var options = new EvolutionSearchOptions();
        Assert.Equal((50, 10, 1.0), (options.PopulationSize, options.TournamentSize, options.MutationRate));
        Assert.Equal(100, EvolutionSearchOptions.NasBench101Paper.PopulationSize);
        Assert.Throws<ArgumentException>(() => (options with { TournamentSize = 51 }).Validate());
        Assert.Throws<ArgumentException>(() => (options with { MutationRate = 0 }).Validate());
    }

    [Fact]
    public void Evolution_ChildReplacesTheOldest()
    {
        var evolution = new EvolutionSearch(new EvolutionSearchOptions { PopulationSize = 20, TournamentSize = 5 });
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(20 + 33), new Random(3));
        evolution.Run(session, new Random(3));
        Assert.Equal(20, evolution.Count);
        Assert.Equal(33 % 20, evolution.Oldest);
        foreach (var member in evolution.Members)
        {
            Assert.Equal(7, member.VertexCount);
            Assert.True(session.TryResolve(member, out _));
        }
    }

    [Fact]
    public void Evolution_TournamentOfTheWholePopulation_PicksTheFittest()
    {
        var evolution = new EvolutionSearch(new EvolutionSearchOptions { PopulationSize = 12, TournamentSize = 12 });
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(12), new Random(8));
        evolution.Run(session, new Random(8));
        var fitness = evolution.Fitness.ToArray();
        int expected = Array.IndexOf(fitness, fitness.Max());
        var random = new Random(1);
        for (int t = 0; t < 20; t++)
        {
            Assert.Equal(expected, evolution.Tournament(random));
        }
    }

    [Fact]
    public void Evolution_SmallTournament_DrawsDistinctMembers()
    {
        var evolution = new EvolutionSearch(new EvolutionSearchOptions { PopulationSize = 10, TournamentSize = 2 });
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(10), new Random(2));
        evolution.Run(session, new Random(2));
        var fitness = evolution.Fitness.ToArray();
        int worst = Array.IndexOf(fitness, fitness.Min());
        var random = new Random(4);

        // The worst member wins only if drawn twice, which distinct sampling forbids.
        for (int t = 0; t < 500; t++)
        {
            Assert.NotEqual(worst, evolution.Tournament(random));
        }
    }

    [Fact]
    public void TreeSearch_Greedy_StopsWhereTheTerminalBeatsEveryChild()
    {
        var tree = new TreeSearch(new TreeSearchOptions { Exploration = 0 }) { RolloutLimit = 1 };
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(100_000), new Random(6));
        tree.Run(session, new Random(6));
        Assert.Equal(1, tree.CompletedRollouts);
        var stop = Assert.Single(tree.Nodes.Values, n => n.TerminalVisits == 1);
        var onPath = tree.Nodes.Values.Where(n => n.Visits == 2).ToHashSet();
        Assert.Contains(stop, onPath);
        Assert.Contains(tree.Root!, onPath);
        foreach (var child in stop.Children!.Where(c => !onPath.Contains(c)))
        {
            Assert.True(stop.Reward > child.MeanReward);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TreeSearch_Children_AreDistinctHeldCellsOtherThanTheParent(bool allOps)
    {
        var tree = new TreeSearch(new TreeSearchOptions { ExpandAllOperations = allOps });
        var session = new SearchSession(SearchData.Synthetic, SearchProtocol.NasBench101, SearchBudget.OfQueries(3000), new Random(5));
        tree.Run(session, new Random(5));
        foreach (var node in tree.Nodes.Values.Where(n => n.Children is not null))
        {
            var cells = node.Children!.Select(c => c.Cell).ToList();
            Assert.Equal(cells.Count, cells.Distinct().Count());
            Assert.DoesNotContain(node.Cell, cells);
            Assert.InRange(cells.Count, 1, allOps ? 31 : 26);
        }

        // Every completed rollout passes the root and ends in exactly one terminal.
        Assert.Equal(tree.Root!.Visits - 1, tree.Nodes.Values.Sum(n => n.TerminalVisits));
        Assert.Equal(tree.CompletedRollouts, tree.Root.Visits - 1);
        Assert.True(tree.CompletedRollouts > 0);
    }

    [Fact]
    public void LocalSearch_EndsEachClimbAtALocalOptimum()
    {
        var tables = SearchData.Synthetic;
        var local = new LocalSearch(new LocalSearchOptions()) { RecordOptima = true };
        var session = new SearchSession(tables, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(4000), new Random(12));
        local.Run(session, new Random(12));
        Assert.NotEmpty(local.LocalOptima);
        foreach (var (raw, cell, value) in local.LocalOptima)
        {
            Assert.Equal(tables.MeanValidation(cell), value, 15);
            foreach (var neighbour in CellSampler.Neighbours(raw))
            {
                Assert.Equal(SpecStatus.Ok, tables.Space.TryFind(neighbour, out int other));
                Assert.True(tables.MeanValidation(other) <= value);
            }
        }

        // Neighbourhoods overlap and are re-queried: more queries than distinct cells.
        Assert.True(session.Current.Step > session.Current.CellsExplored);
    }

    [Fact]
    public void LocalSearch_ReuseEvaluations_QueriesEachCellOnce()
    {
        var config = new SearchConfiguration(new LocalSearchOptions { ReuseEvaluations = true }, SearchBudget.OfQueries(2000), SearchProtocol.NasBench101, 1);
        var final = SearchRunner.Run(config, SearchData.Synthetic).Final;
        Assert.Equal(final.Step, final.CellsExplored);
    }
}
