using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>NPENAS-NP (Wei et al. 2020) as NASLib's <c>Npenas</c> optimizer runs it on NAS-Bench-101.</summary>
/// <remarks>
/// <code>
/// data = InitialCells random raw cells (NASLib's sample_random_architecture: each upper-triangle bit 1/2, ops
///        uniform, redrawn until valid), each queried; no de-duplication (NASLib keeps every sample)
/// each round, until the budget is spent (NASLib: next_batch empty at new_epoch):
///     Fit the predictor on (data's cells, their validation accuracies)        fresh networks every round
///     parents = argsort(accuracies)[−ParentsToMutate:]                         the best, ascending (worst of them first)
///     per parent: n = ⌊Candidates / |parents| / Mutations⌋ candidates, made by one walk from the parent:
///         walk = parent; n times: Mutations times walk = mutate(walk); candidates += walk
///         (NASLib's loop rebinds its loop variable `arch` to each new mutant, so candidate j + 1 is a mutation of
///          candidate j, not of the parent: with Mutations 1, a 40-step random walk per parent)
///     mutate (NASLib's NasBench101SearchSpace.mutate): each of the 21 upper-triangle bits flips w.p. 1/7 (row-major),
///         each of the 5 interior ops w.p. 1/3 becomes one of the other two, uniformly; redrawn until valid
///     value_i = the predictor's mean prediction of candidate i (acq_fn_type "exploit_only")
///     next_batch = candidates[argsort(value)[−CellsPerRound:]]; query next_batch.pop() one at a time: best first
/// </code>
/// No candidate is filtered: NASLib queries (and charges) a candidate that was queried before or twice in one batch.
/// Departures: argsorts are stable here (ties by index; numpy's default introsort orders ties its own way beyond 16
/// elements: equal accuracies among the parents, equal predictions among candidates with the same paths); with
/// <see cref="SearchAlgorithmOptions.RestrictToStore"/> "valid" also means held by the store (NASLib's <c>is_valid</c> asks
/// the dataset), each redraw a free iteration; the budget, not a query count, ends the run, so a run under the
/// NAS-Bench-101 paper's protocol goes on in rounds until its simulated time is spent. Where the paper and NASLib differ,
/// this is NASLib's: the paper's NPENAS-NP ranks 100 de-duplicated mutants of the best cells with a GIN predictor;
/// NASLib's NAS-Bench-101 runs rank 200 with the predictor of <see cref="NpenasSearchOptions.NaslibEnsemble"/>.
/// Cancellation is checked before every query and after every fit (a cancel during a fit stops the run before its next query).
/// </remarks>
internal sealed class NpenasSearch(NpenasSearchOptions options, IArchitecturePredictorFactory predictors) : ISearchAlgorithm
{
    /// <summary>NASLib's edge flip probability, 1 / NUM_VERTICES.</summary>
    internal const double EdgeProbability = 1.0 / SpaceLimits.MaxVertices;

    /// <summary>NASLib's op change probability, 1 / len(OPS).</summary>
    internal const double OpProbability = 1.0 / 3;

    private readonly QueriedCells _queried = new();

    /// <summary>For tests: the rounds (fits) run so far.</summary>
    internal int Rounds { get; private set; }

    /// <summary>For tests: the last round's candidates, in the order they were made.</summary>
    internal IReadOnlyList<CellKey> LastCandidates { get; private set; } = [];

    public void Run(SearchSession session, Random random)
    {
        using var predictor = predictors.Create(options.Ensemble, random.Next());
        for (int i = 0; i < options.InitialCells; i++)
        {
            if (session.Exhausted)
            {
                return;
            }

            _queried.Query(session, SearchSampling.Start(session, random, options.RestrictToStore));
        }

        while (!session.Exhausted)
        {
            session.ThrowIfCancellationRequested();
            predictor.Fit(_queried.PrunedCells, _queried.Accuracies);
            Rounds++;
            session.ThrowIfCancellationRequested();
            var candidates = Candidates(_queried.Raw, _queried.Accuracies, options.ParentsToMutate, options.Candidates, options.Mutations,
                parent => Mutate(session, parent, random));
            if (candidates is null)
            {
                return;   // the run ended while a mutant was redrawn (a store whose cells mutants rarely reach)
            }

            LastCandidates = candidates;
            var pruned = candidates.Select(QueriedCells.Pruned).ToArray();
            var values = new double[pruned.Length];
            predictor.Predict(pruned, values);
            foreach (int i in Choose(values, options.CellsPerRound))
            {
                if (session.Exhausted)
                {
                    break;
                }

                _queried.Query(session, candidates[i]);
            }
        }
    }

    /// <summary>
    /// NASLib's <c>_get_new_candidates</c>: the <paramref name="parents"/> best cells (a stable ascending argsort's last ones,
    /// the worst of them first), each the start of one walk of ⌊<paramref name="candidates"/> / parents / <paramref name="mutations"/>⌋
    /// candidates, each <paramref name="mutations"/> steps of <paramref name="mutate"/> past the previous one. Null when
    /// <paramref name="mutate"/> gave up (returned null).
    /// </summary>
    internal static List<CellKey>? Candidates(IReadOnlyList<CellKey> cells, IReadOnlyList<double> accuracies, int parents, int candidates,
        int mutations, Func<CellKey, CellKey?> mutate)
    {
        var ascending = StableArgsort([.. accuracies]);
        var best = ascending[Math.Max(0, ascending.Length - parents)..];
        int perParent = candidates / best.Length / mutations;   // int(num_candidates / len(best_archs) / max_mutations)
        var made = new List<CellKey>(perParent * best.Length);
        foreach (int parent in best)
        {
            var walk = cells[parent];
            for (int c = 0; c < perParent; c++)
            {
                for (int m = 0; m < mutations; m++)
                {
                    if (mutate(walk) is not { } next)
                    {
                        return null;
                    }

                    walk = next;
                }

                made.Add(walk);
            }
        }

        return made;
    }

    /// <summary>
    /// NASLib's <c>_get_best_candidates</c> and <c>pop()</c>: the indices of the <paramref name="count"/> highest values in the
    /// order they are queried, the last of a stable ascending argsort first (so of two equal values the later index goes first).
    /// </summary>
    internal static int[] Choose(ReadOnlySpan<double> values, int count)
    {
        var ascending = StableArgsort(values);
        var chosen = new int[Math.Min(count, ascending.Length)];
        for (int i = 0; i < chosen.Length; i++)
        {
            chosen[i] = ascending[ascending.Length - 1 - i];
        }

        return chosen;
    }

    /// <summary>NASLib's NAS-Bench-101 <c>mutate</c> (one edit): edges flip w.p. 1/7, interior ops change w.p. 1/3; redrawn until valid.</summary>
    internal static CellKey Mutate(CellKey parent, Random random) =>
        CellSampler.Mutate(parent, random, EdgeProbability, OpProbability);

    /// <summary>A mutant the session can query: redrawn (each redraw a free iteration) until held when restricted; null once the run ended.</summary>
    private CellKey? Mutate(SearchSession session, CellKey parent, Random random)
    {
        var child = Mutate(parent, random);
        while (options.RestrictToStore && !session.TryResolve(child, out _))
        {
            if (!session.Iterate())
            {
                return null;
            }

            child = Mutate(parent, random);
        }

        return child;
    }

    private static int[] StableArgsort(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        return [.. Enumerable.Range(0, copy.Length).OrderBy(i => copy[i])];
    }
}
