using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Regularized evolution (Real et al. 2019), as the NAS-Bench-101 notebook and the seed paper run it.</summary>
/// <remarks>
/// <code>
/// population = queue of P random cells (raw 7-vertex form), each queried; with a start cell: it and P-1 mutants of it
/// while budget left:
///     sample = T distinct members drawn at random;  parent = the first with the highest validation
///     child = mutate(parent, rate)                  reference mutation, repeated until valid
///     query(child); push child; pop the oldest      aging: the oldest dies, not the worst
/// </code>
/// With <see cref="SearchAlgorithmOptions.RestrictToStore"/>, a child the store lacks is mutated again (up to 100
/// tries, then a held cell drawn uniformly takes its place). Every iteration queries its child (a cell queried before is
/// queried again), so a run spends its budget even on a store smaller than it.
/// </remarks>
internal sealed class EvolutionSearch(EvolutionSearchOptions options) : ISearchAlgorithm
{
    private const int MutationTries = 100;
    private readonly CellKey[] _cells = new CellKey[options.PopulationSize];
    private readonly double[] _fitness = new double[options.PopulationSize];
    private readonly int[] _sample = new int[options.TournamentSize];

    /// <summary>Number of members alive (the population fills up first).</summary>
    internal int Count { get; private set; }

    /// <summary>Ring position of the oldest member.</summary>
    internal int Oldest { get; private set; }

    internal ReadOnlySpan<CellKey> Members => _cells.AsSpan(0, Count);

    internal ReadOnlySpan<double> Fitness => _fitness.AsSpan(0, Count);

    public void Run(SearchSession session, Random random)
    {
        bool restrict = options.RestrictToStore;
        while (Count < options.PopulationSize && !session.Exhausted)
        {
            var cell = options.StartCell is not { } start ? SearchSampling.Start(session, random, restrict)
                : Count == 0 ? start : Mutate(session, random, start, restrict);
            _cells[Count] = cell;
            _fitness[Count] = session.Query(cell);
            Count++;
        }

        while (!session.Exhausted)
        {
            var child = Mutate(session, random, _cells[Tournament(random)], restrict);
            _cells[Oldest] = child;
            _fitness[Oldest] = session.Query(child);
            Oldest = (Oldest + 1) % options.PopulationSize;
        }
    }

    /// <summary>Draws T distinct positions (Python's random.sample order) and returns the best; ties go to the first drawn.</summary>
    internal int Tournament(Random random)
    {
        int best = -1;
        for (int s = 0; s < _sample.Length; s++)
        {
            int pick;
            do
            {
                pick = random.Next(options.PopulationSize);
            }
            while (_sample.AsSpan(0, s).Contains(pick));

            _sample[s] = pick;
            if (best < 0 || _fitness[pick] > _fitness[best])
            {
                best = pick;
            }
        }

        return best;
    }

    private CellKey Mutate(SearchSession session, Random random, CellKey parent, bool restrict)
    {
        for (int t = 0; t < MutationTries; t++)
        {
            var child = CellSampler.Mutate(parent, random, options.MutationRate);
            if (!restrict || session.TryResolve(child, out _))
            {
                return child;
            }
        }

        return SearchSampling.Start(session, random, restrict);
    }
}
