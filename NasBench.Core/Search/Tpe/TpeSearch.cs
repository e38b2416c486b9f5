namespace NasBench.Core.Search;

/// <summary>TPE over the 26 categorical variables of NASCifar10A, as hyperopt's <c>tpe.suggest</c> (run_tpe.py).</summary>
/// <remarks>
/// <code>
/// n &lt; n_startup_jobs (20): every variable uniform
/// else: losses of the n trials so far (1 − validation; invalid configurations 1 at no cost)
///     n_below = min(ceil(γ · sqrt(n)), LF)                          γ = 0.25, LF = 25
///     below = the n_below trials of lowest loss (stable order), above = the rest, both in trial order
///     per variable d, independently (hyperopt's randint posterior):
///         w = linear_forgetting_weights(len(obs), LF): ones, or linspace(1/N, 1, N − LF) ++ ones(LF) (oldest first)
///         p_below(k) ∝ Σ w·[obs = k] + prior_weight;  p_above likewise
///         draw 24 candidates from p_below; take the first with the highest log p_below − log p_above
/// query the configuration; append (configuration, loss) to the trials
/// </code>
/// The above set's forgotten counts come from prefix sums (<see cref="TpeTrials"/>): the same numbers as
/// <see cref="Posterior(int[], int, double, int)"/> over the above trials, in O(below set) per variable.
/// The token is observed on every suggestion, so a run of invalid (free) configurations still cancels.
/// </remarks>
internal sealed class TpeSearch(TpeSearchOptions options) : ISearchAlgorithm
{
    private readonly TpeTrials _trials = new(options.LinearForgetting);

    public void Run(SearchSession session, Random random)
    {
        while (!session.Exhausted)
        {
            session.ThrowIfCancellationRequested();
            var configuration = new int[CellConfigurations.Count];
            if (_trials.Count < options.StartupTrials)
            {
                CellConfigurations.SampleUniform(random, configuration);
            }
            else
            {
                Suggest(random, configuration);
            }

            _trials.Add(configuration, CellConfigurations.Loss(session, configuration, session.Tables.Epochs));
        }
    }

    /// <summary>Fills <paramref name="into"/> with TPE's suggestion from the trials so far.</summary>
    /// <remarks>The below trials' forgetting weights once per suggestion, the below counts of every variable in one pass over
    /// the below trials (each slot gets its weights in trial order, as <see cref="Posterior(int[], int, double, int)"/> adds
    /// them) and the above counts in one pass over the prefix rows (<see cref="TpeTrials.AddAboveCounts"/>), into stack
    /// buffers: per variable, LINQ arrays, the weights' divisions and a pass over the prefix rows each were ~60 % of a
    /// 10⁷-s TPE run (dotnet-trace, /work/bench-home). The same numbers added in the same order, so the same bits.</remarks>
    internal void Suggest(Random random, Span<int> into)
    {
        int nBelow = Math.Min((int)Math.Ceiling(options.Gamma * Math.Sqrt(_trials.Count)), options.LinearForgetting);
        var below = _trials.Below(nBelow);
        var cardinalities = CellConfigurations.Cardinalities;
        Span<double> weights = stackalloc double[below.Length];
        ForgettingWeights(below.Length, options.LinearForgetting, weights);
        Span<double> above = stackalloc double[TpeTrials.Slots];
        above.Fill(options.PriorWeight);
        _trials.AddAboveCounts(below, options.LinearForgetting, above);
        Span<double> pBelow = stackalloc double[TpeTrials.Slots];
        pBelow.Fill(options.PriorWeight);
        for (int i = 0; i < below.Length; i++)
        {
            var row = _trials.Configuration(below[i]);
            for (int d = 0; d < into.Length; d++)
            {
                pBelow[(d * TpeTrials.Categories) + row[d]] += weights[i];
            }
        }

        for (int d = 0; d < into.Length; d++)
        {
            int k = cardinalities[d];
            Normalize(pBelow.Slice(d * TpeTrials.Categories, k));
            var pAbove = above.Slice(d * TpeTrials.Categories, k);
            Normalize(pAbove);
            into[d] = BestCandidate(random, pBelow.Slice(d * TpeTrials.Categories, k), pAbove, options.Candidates);
        }
    }

    /// <summary>hyperopt's <c>ap_split_trials</c>: indices of the below and above trials, each in trial order.</summary>
    internal static (int[] Below, int[] Above) Split(IReadOnlyList<double> losses, double gamma, int cap)
    {
        int nBelow = Math.Min((int)Math.Ceiling(gamma * Math.Sqrt(losses.Count)), cap);
        var order = Enumerable.Range(0, losses.Count).OrderBy(t => losses[t]).ToArray();
        var below = order.Take(nBelow).Order().ToArray();
        return (below, [.. order.Skip(nBelow).Order()]);
    }

    /// <summary>hyperopt's randint posterior: linearly forgotten counts plus the prior weight, normalized.</summary>
    internal static double[] Posterior(int[] observations, int categories, double priorWeight, int cap)
    {
        var weights = new double[observations.Length];
        ForgettingWeights(observations.Length, cap, weights);
        var p = new double[categories];
        Posterior(observations, weights, priorWeight, p);
        return p;
    }

    /// <summary><see cref="Posterior(int[], int, double, int)"/> into <paramref name="p"/> with the observations' weights given.</summary>
    private static void Posterior(ReadOnlySpan<int> observations, ReadOnlySpan<double> weights, double priorWeight, Span<double> p)
    {
        p.Fill(priorWeight);
        for (int i = 0; i < observations.Length; i++)
        {
            p[observations[i]] += weights[i];
        }

        Normalize(p);
    }

    /// <summary>hyperopt's <c>linear_forgetting_weights(n, LF)</c>: the oldest n − LF observations ramp from 1/n up to 1, the
    /// newest LF weigh 1.</summary>
    private static void ForgettingWeights(int n, int cap, Span<double> weights)
    {
        int ramp = n - cap;
        for (int i = 0; i < n; i++)
        {
            weights[i] = n < cap || i >= ramp ? 1 : ramp == 1 ? 1.0 / n : (1.0 / n) + (i * (1 - (1.0 / n)) / (ramp - 1));
        }
    }

    /// <summary>Divides by the sum, summed in order.</summary>
    private static void Normalize(Span<double> p)
    {
        double total = 0;
        foreach (double x in p)
        {
            total += x;
        }

        for (int k = 0; k < p.Length; k++)
        {
            p[k] /= total;
        }
    }

    /// <summary>Draws <paramref name="candidates"/> from <paramref name="below"/>; returns the first with the highest log l − log g.</summary>
    internal static int BestCandidate(Random random, ReadOnlySpan<double> below, ReadOnlySpan<double> above, int candidates)
    {
        // A candidate's score depends on its category only: one log l − log g per category, not per candidate (same values).
        Span<double> scores = stackalloc double[below.Length];
        for (int k = 0; k < below.Length; k++)
        {
            scores[k] = Math.Log(below[k]) - Math.Log(above[k]);
        }

        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < candidates; i++)
        {
            int k = Draw(random, below);
            double score = scores[k];
            if (best < 0 || score > bestScore)
            {
                (best, bestScore) = (k, score);
            }
        }

        return best;
    }

    private static int Draw(Random random, ReadOnlySpan<double> p)
    {
        double u = random.NextDouble(), cumulative = 0;
        for (int k = 0; k < p.Length - 1; k++)
        {
            cumulative += p[k];
            if (u < cumulative)
            {
                return k;
            }
        }

        return p.Length - 1;
    }
}
