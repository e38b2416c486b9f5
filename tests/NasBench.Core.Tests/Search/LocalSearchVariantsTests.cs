using NasBench.Core.Benchmark.Query;
using NasBench.Core.Benchmark;
using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Core.Tests.SearchSpace;

namespace NasBench.Core.Tests.Search;

/// <summary>
/// naszilla's local-search variants traced by hand on a six-cell benchmark: a start S (validation .50) with four held
/// neighbours N1 .40, N2 .60, N3 .70, N4 .55, and T .65, a neighbour of N2 only. Every repeat of a cell is the same and
/// each cell trains for its own number of seconds (S 1 … T 6), so the trajectory of simulated time names the cell each
/// query charged.
/// </summary>
[Collection(nameof(SpaceCollection))]
public sealed class LocalSearchVariantsTests
{
    private const int S = 0, N1 = 1, N2 = 2, N3 = 3, N4 = 4, T = 5;
    private static readonly double[] Validation = [0.50, 0.40, 0.60, 0.70, 0.55, 0.65];
    private static readonly Lazy<(BenchmarkTables Tables, CellKey Start, int[] Cells)> Six = new(Build);

    public static TheoryData<string, LocalSearchOptions, long, int[], int[], SearchEnd> Traces() => new()
    {
        // The lab's default: S's full neighbourhood, move to the best (N3); N3's only held neighbour is S, queried again.
        { "default", new(), 6, [S, N1, N2, N3, N4, S], [S, N3], SearchEnd.BudgetSpent },
        // First improvement: N2 beats S, the scan stops; from N2, S (not better) then T (better); from T, N2 again.
        { "first improvement", new() { FirstImprovement = true }, 6, [S, N1, N2, S, T, N2], [S, N2, T], SearchEnd.BudgetSpent },
        // naszilla skips known neighbours: N3's scan queries nothing, a restart draws until an unknown cell (T), then all are known.
        { "skip known", new() { SkipKnown = true }, 100, [S, N1, N2, N3, N4, T], [S, N3], SearchEnd.AllCellsKnown },
        // stop_at_minimum = False: after each scan, the best queried cell not expanded: N3, then N2 (.60 > N4's .55), whose scan finds T.
        { "continue at minimum", new() { SkipKnown = true, ContinueAtMinimum = true }, 100, [S, N1, N2, N3, N4, T], [S, N3, N2], SearchEnd.AllCellsKnown },
        // Both: S's scan stops at N2; N2's stops at T; T has nothing new; N1 is the best unexpanded; then a restart.
        { "first improvement, continue", new() { SkipKnown = true, FirstImprovement = true, ContinueAtMinimum = true }, 4, [S, N1, N2, T], [S, N2], SearchEnd.BudgetSpent },
        { "first improvement, continue (long)", new() { SkipKnown = true, FirstImprovement = true, ContinueAtMinimum = true }, 100, [S, N1, N2, T], [S, N2, T, N1], SearchEnd.AllCellsKnown },
        // Reuse: S is compared again from N3 but not charged.
        { "reuse", new() { ReuseEvaluations = true }, 100, [S, N1, N2, N3, N4], [S, N3], SearchEnd.AllCellsKnown },
    };

    [Theory]
    [MemberData(nameof(Traces))]
    public void Variant_QueriesAndMoves_AsTracedByHand(string label, LocalSearchOptions options, long budget, int[] queries, int[] centres, SearchEnd end)
    {
        var (tables, start, cells) = Six.Value;
        var search = new LocalSearch(options with { StartCell = start, RestrictToStore = true }) { RecordOptima = true };
        var observer = new RecordingObserver();
        var session = new SearchSession(tables, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(budget), new Random(1), observer: observer);
        search.Run(session, new Random(2));

        // Training time S = 1 s … T = 6 s: each step's increase is the cell it queried.
        var charged = observer.Steps.Select((p, i) => (int)Math.Round(p.SimulatedSeconds - (i == 0 ? 0 : observer.Steps[i - 1].SimulatedSeconds)) - 1).ToArray();
        Assert.True(queries.SequenceEqual(charged.Take(queries.Length)), $"{label}: queried {string.Join(",", charged)}");
        Assert.True(centres.Select(c => cells[c]).SequenceEqual(search.Centres.Take(centres.Length)), $"{label}: centres {string.Join(",", search.Centres.Select(c => Array.IndexOf(cells, c)))}");
        Assert.Equal(end, session.Ending);
        if (end == SearchEnd.AllCellsKnown)
        {
            Assert.Equal(6, charged.Length);
            Assert.Equal(6, charged.Distinct().Count());
        }
        else
        {
            Assert.Equal(budget, charged.Length);
        }
    }

    [Fact]
    public void StartSamples_TheClimbStartsFromTheBestOfTheDraws()
    {
        var tables = SearchData.Synthetic;
        var search = new LocalSearch(new LocalSearchOptions { StartSamples = 10 }) { RecordOptima = true };
        var session = new SearchSession(tables, SearchProtocol.MeanOfThree, SearchBudget.OfQueries(10), new Random(3));
        search.Run(session, new Random(3));
        Assert.Equal(10, session.Queries);
        // The incumbent after the 10 start draws is the best of them: the first centre.
        Assert.Equal(session.Current.IncumbentCell, search.Centres.Single());
    }

    [Fact]
    public void Defaults_AreTheLabsAndNaszillaIsItsOwn()
    {
        var defaults = new LocalSearchOptions();
        Assert.False(defaults.ReuseEvaluations || defaults.SkipKnown || defaults.FirstImprovement || defaults.ContinueAtMinimum);
        Assert.Equal(1, defaults.StartSamples);
        Assert.Equal(new LocalSearchOptions { SkipKnown = true, StartSamples = 10, FirstImprovement = true }, LocalSearchOptions.Naszilla);
        Assert.Throws<ArgumentException>(() => new LocalSearchOptions { StartSamples = 0 }.Validate());
    }

    [Fact]
    public void SameSeed_SameTrajectory_ForEveryVariant()
    {
        foreach (var options in new[] { LocalSearchOptions.Naszilla, LocalSearchOptions.Naszilla with { ContinueAtMinimum = true }, new LocalSearchOptions { FirstImprovement = true, StartSamples = 3 } })
        {
            var config = new SearchConfiguration(options, SearchBudget.OfQueries(3000), SearchProtocol.NasBench101, 7);
            var a = SearchRunner.Run(config, SearchData.Synthetic, 1).Trajectory.Select(p => p with { WallClockSeconds = 0 });
            var b = SearchRunner.Run(config, SearchData.Synthetic, 1).Trajectory.Select(p => p with { WallClockSeconds = 0 });
            Assert.Equal(a, b);
        }
    }

    /// <summary>S is the first 7-vertex cell of the space whose neighbourhood has the shape: N1..N4 its first
    /// four valid neighbours in scan order that are not neighbours of each other; T the first neighbour of N2 after S in
    /// N2's scan order outside S's neighbourhood. The held neighbourhoods the trace relies on are checked (of the raw
    /// forms the search moves through).</summary>
    private static (BenchmarkTables, CellKey, int[]) Build()
    {
        var space = SpaceFixture.SharedIndex;
        for (int i = 0; i < space.Count; i++)
        {
            if (space.Cell(i).VertexCount == 7 && TryBuild(space, space.Cell(i)) is { } found)
            {
                return found;
            }
        }

        throw new InvalidOperationException("No cell has the traced neighbourhood.");
    }

    private static (BenchmarkTables, CellKey, int[])? TryBuild(CellIndex space, CellKey start)
    {
        int Index(CellKey raw) => space.TryFind(raw, out int c) == SpecStatus.Ok ? c : -1;
        int s = Index(start);
        var aroundS = CellSampler.Neighbours(start).Where(r => Index(r) is >= 0 and var c && c != s).DistinctBy(Index).ToList();
        var n = new List<CellKey>();
        foreach (var r in aroundS.Where(_ => n.Count < 4))
        {
            // Neighbours of S can be neighbours of each other (pruning merges cells): keep four that are not.
            if (n.All(m => !CellSampler.Neighbours(m).Select(Index).Contains(Index(r)) && !CellSampler.Neighbours(r).Select(Index).Contains(Index(m))))
            {
                n.Add(r);
            }
        }

        var tRaw = n.Count < 4 ? null : CellSampler.Neighbours(n[1]).SkipWhile(r => Index(r) != s)
            .Where(r => Index(r) >= 0 && Index(r) != s && !aroundS.Select(Index).Contains(Index(r))).Cast<CellKey?>().FirstOrDefault();
        if (tRaw is not { } t)
        {
            return null;
        }

        int[] cells = [s, .. n.Select(Index), Index(t)];
        CellKey[] raws = [start, .. n, t];
        int[][] expected = [[N1, N2, N3, N4], [S], [S, T], [S], [S], [N2]];
        for (int i = 0; i < raws.Length; i++)
        {
            var held = CellSampler.Neighbours(raws[i]).Select(r => Array.IndexOf(cells, Index(r))).Where(x => x >= 0).ToArray();
            if (!expected[i].SequenceEqual(held))
            {
                return null;
            }
        }

        var rows = cells.Select((c, i) => (Cell: c, Id: i)).OrderBy(x => x.Cell).ToArray();
        var metrics = rows.SelectMany(x => Enumerable.Repeat(new RepeatMetrics(default, new EvaluationMetrics(x.Id + 1, 1f, (float)Validation[x.Id], (float)Validation[x.Id])), 3)).ToArray();
        var data = new InMemoryBenchmarkData(space, [.. rows.Select(x => x.Cell)], [108], [.. rows.Select(_ => 1)], metrics, isSynthetic: true);
        return (new BenchmarkTables(data), start, cells);
    }
}
