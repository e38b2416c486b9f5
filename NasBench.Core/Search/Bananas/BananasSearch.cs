using MathNet.Numerics.Distributions;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>BANANAS (White, Neiswanger and Savani 2021) as naszilla's <c>bananas(...)</c> runs it on NAS-Bench-101.</summary>
/// <remarks>
/// <code>
/// data = InitialCells random raw cells (the raw sampler, naszilla's random_cell_adj), distinct by path indices
///        (naszilla's hash), at most InitialCells·Patience − 1 draws; each queried
/// each round, until the budget is spent:
///     Fit the ensemble on (data's cells, their validation accuracies)         fresh networks every round
///     candidates: known = path keys of data
///         for parent in the ParentsToMutate best of data (stable by validation, best first):
///             stop if |candidates| ≥ Candidates
///             MutationsPerParent times: child = mutate(parent); key(child) not in known → known += key, add child
///     mutate (naszilla's adj_mutate, rate 1): each of the 21 upper-triangle bits flips w.p. 1/21 (row-major),
///         each of the 5 interior ops w.p. 1/5 becomes one of the other two, uniformly; redrawn until valid
///     (mean_i, sd_i) = the ensemble's mean and population sd on candidate i
///     ITS: sample_i = mean_i + sd_i·z_i, z_i ~ N(0, 1) independent; query the CellsPerRound candidates with the
///         best samples, best first (naszilla: argsort of the sampled validation error)
/// </code>
/// Cancellation is checked before every query and after every fit (a cancel during a fit stops the run before its
/// next query). Departures: with <see cref="SearchAlgorithmOptions.RestrictToStore"/> a mutant the store lacks is
/// dropped like a duplicate; a round without a single new candidate (naszilla would stop with an error) queries one
/// random cell instead; the budget, not a query count, ends the run, so a run under the NAS-Bench-101 paper's
/// protocol goes on in rounds until its simulated time is spent.
/// </remarks>
internal sealed class BananasSearch(BananasSearchOptions options, IArchitecturePredictorFactory predictors) : ISearchAlgorithm
{
    private const int EdgeBits = 21;
    private readonly QueriedCells _queried = new();
    private readonly HashSet<string> _known = [];

    /// <summary>For tests: the rounds (fits) run so far.</summary>
    internal int Rounds { get; private set; }

    public void Run(SearchSession session, Random random)
    {
        using var predictor = predictors.Create(options.Ensemble, random.Next());
        if (!Initial(session, random))
        {
            return;
        }

        while (!session.Exhausted)
        {
            session.ThrowIfCancellationRequested();
            predictor.Fit(_queried.PrunedCells, _queried.Accuracies);
            Rounds++;
            session.ThrowIfCancellationRequested();
            var candidates = Candidates(session, random);
            if (candidates.Count == 0)
            {
                Query(session, SearchSampling.Start(session, random, options.RestrictToStore));
                continue;
            }

            var pruned = candidates.Select(QueriedCells.Pruned).ToArray();
            var mean = new double[pruned.Length];
            var sd = new double[pruned.Length];
            predictor.PredictDistribution(pruned, mean, sd);
            var z = new double[pruned.Length];
            for (int i = 0; i < z.Length; i++)
            {
                z[i] = Normal.Sample(random, 0, 1);
            }

            foreach (int i in IndependentThompson(mean, sd, z).Take(options.CellsPerRound))
            {
                if (session.Exhausted)
                {
                    break;
                }

                Query(session, candidates[i]);
            }
        }
    }

    /// <summary>
    /// Independent Thompson sampling's order: candidate i's sample is mean_i + sd_i·z_i (accuracies, so higher is
    /// better; naszilla samples the error and sorts it ascending, the same order); best first, ties by index.
    /// </summary>
    internal static int[] IndependentThompson(ReadOnlySpan<double> mean, ReadOnlySpan<double> sd, ReadOnlySpan<double> z)
    {
        if (sd.Length != mean.Length || z.Length != mean.Length)
        {
            throw new ArgumentException("ITS needs one mean, one sd and one normal draw per candidate.");
        }

        var samples = new double[mean.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = mean[i] + (sd[i] * z[i]);
        }

        return [.. Enumerable.Range(0, samples.Length).OrderByDescending(i => samples[i])];
    }

    /// <summary>
    /// naszilla's <c>adj_mutate</c> at rate 1: each upper-triangle bit of the raw matrix flips with probability
    /// 1/21 (row-major), each interior op changes with probability 1/5 to one of the other two; redrawn until valid.
    /// </summary>
    internal static CellKey Mutate(CellKey parent, Random random) =>
        CellSampler.Mutate(parent, random, edgeProbability: 1.0 / EdgeBits, opProbability: 1.0 / SpaceLimits.OpSpots);

    /// <summary>The initial random cells, distinct by path indices; false when the budget ran out first.</summary>
    private bool Initial(SearchSession session, Random random)
    {
        int triesLeft = options.InitialCells * options.Patience;
        while (_queried.Count < options.InitialCells)
        {
            if (--triesLeft <= 0)
            {
                break;
            }

            if (session.Exhausted)
            {
                return false;
            }

            var raw = SearchSampling.Start(session, random, options.RestrictToStore);
            if (_known.Add(PathEncoding.Key(raw)))
            {
                Query(session, raw);
            }
        }

        return !session.Exhausted && _queried.Count > 0;
    }

    /// <summary>naszilla's <c>get_candidates(acq_opt_type='mutation')</c>: mutants of the best cells not seen this round or before.</summary>
    private List<CellKey> Candidates(SearchSession session, Random random)
    {
        var known = new HashSet<string>(_known);
        var candidates = new List<CellKey>();
        var parents = Enumerable.Range(0, _queried.Count).OrderByDescending(i => _queried.Accuracies[i]).Take(options.ParentsToMutate);
        foreach (int parent in parents)
        {
            if (candidates.Count >= options.Candidates)
            {
                break;
            }

            for (int m = 0; m < options.MutationsPerParent; m++)
            {
                var child = Mutate(_queried.Raw[parent], random);
                if ((!options.RestrictToStore || session.TryResolve(child, out _)) && known.Add(PathEncoding.Key(child)))
                {
                    candidates.Add(child);
                }
            }
        }

        return candidates;
    }

    private void Query(SearchSession session, CellKey raw)
    {
        _queried.Query(session, raw);
        _known.Add(PathEncoding.Key(raw));
    }
}
