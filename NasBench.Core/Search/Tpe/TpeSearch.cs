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
/// <see cref="Posterior"/> over the above trials, in O(below set) per variable.
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
    internal void Suggest(Random random, Span<int> into)
    {
        int nBelow = Math.Min((int)Math.Ceiling(options.Gamma * Math.Sqrt(_trials.Count)), options.LinearForgetting);
        var below = _trials.Below(nBelow);
        var cardinalities = CellConfigurations.Cardinalities;
        for (int d = 0; d < into.Length; d++)
        {
            var pBelow = Posterior([.. below.Select(t => _trials.Configuration(t)[d])], cardinalities[d], options.PriorWeight, options.LinearForgetting);
            var pAbove = new double[cardinalities[d]];
            Array.Fill(pAbove, options.PriorWeight);
            _trials.AddAboveCounts(d, below, options.LinearForgetting, pAbove);
            Normalize(pAbove);
            into[d] = BestCandidate(random, pBelow, pAbove, options.Candidates);
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
        var p = new double[categories];
        Array.Fill(p, priorWeight);
        int n = observations.Length;
        for (int i = 0; i < n; i++)
        {
            // linear_forgetting_weights: the oldest N − LF observations ramp from 1/N up to 1.
            int ramp = n - cap;
            double w = n < cap || i >= ramp ? 1 : ramp == 1 ? 1.0 / n : (1.0 / n) + (i * (1 - (1.0 / n)) / (ramp - 1));
            p[observations[i]] += w;
        }

        Normalize(p);
        return p;
    }

    private static void Normalize(double[] p)
    {
        double total = p.Sum();
        for (int k = 0; k < p.Length; k++)
        {
            p[k] /= total;
        }
    }

    /// <summary>Draws <paramref name="candidates"/> from <paramref name="below"/>; returns the first with the highest log l − log g.</summary>
    internal static int BestCandidate(Random random, double[] below, double[] above, int candidates)
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

    private static int Draw(Random random, double[] p)
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
