using System.Runtime.CompilerServices;

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
        var configuration = new int[CellConfigurations.Count];
        while (!session.Exhausted)
        {
            session.ThrowIfCancellationRequested();
            if (_trials.Count < options.StartupTrials)
            {
                CellConfigurations.SampleUniform(random, configuration);
            }
            else
            {
                Suggest(random, configuration);
            }

            _trials.Add(configuration, CellConfigurations.Loss(session, configuration, session.Tables.Epochs, CellConfigurations.MaxFreeModelEvaluations));
        }
    }

    /// <summary>Fills <paramref name="into"/> with TPE's suggestion from the trials so far.</summary>
    /// <remarks>The run's xoshiro256** is called directly (its state in a local for the suggestion, stored back), not
    /// through <see cref="Random"/>'s virtual methods: the same draws in the same order (see
    /// <see cref="Xoshiro256StarStar.Current"/>). The 26 × 24 virtual draws, their loop and the logs were ~40 % of a 10⁷-s
    /// run (Stopwatch counters, /work/bench-home); the inlined draws took ~20 % of the run off.</remarks>
    internal void Suggest(Random random, Span<int> into)
    {
        if (random is Xoshiro256StarStar xoshiro)
        {
            var stream = new XoshiroStream { State = xoshiro.Current };
            Suggest(ref stream, into);
            xoshiro.Current = stream.State;
        }
        else
        {
            var any = new AnyStream(random);
            Suggest(ref any, into);
        }
    }

    /// <remarks>The below trials' forgetting weights once per suggestion, the below counts of every variable in one pass over
    /// the below trials (each slot gets its weights in trial order, as <see cref="Posterior(int[], int, double, int)"/> adds
    /// them) and the above counts in one pass over the prefix rows (<see cref="TpeTrials.AddAboveCounts"/>), into stack
    /// buffers: per variable, LINQ arrays, the weights' divisions and a pass over the prefix rows each were ~60 % of a
    /// 10⁷-s TPE run (dotnet-trace, /work/bench-home). The same numbers added in the same order, so the same bits.</remarks>
    private void Suggest<TStream>(ref TStream stream, Span<int> into)
        where TStream : struct, IRandomStream
    {
        int nBelow = Math.Min((int)Math.Ceiling(options.Gamma * Math.Sqrt(_trials.Count)), options.LinearForgetting);
        Span<int> below = stackalloc int[Math.Min(nBelow, _trials.Count)];
        _trials.Below(below);
        var cardinalities = CellConfigurations.Cardinalities;
        Span<double> weights = stackalloc double[below.Length];
        ForgettingWeights(below.Length, options.LinearForgetting, weights);
        Span<double> above = stackalloc double[TpeTrials.Stride];
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
            into[d] = BestCandidate(ref stream, pBelow.Slice(d * TpeTrials.Categories, k), pAbove, normalizeAbove: true, options.Candidates);
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

    /// <summary>Draws <paramref name="candidates"/> from <paramref name="below"/>; returns the first with the highest log l − log g
    /// (at most <see cref="TpeTrials.Categories"/> categories).</summary>
    internal static int BestCandidate(Random random, ReadOnlySpan<double> below, ReadOnlySpan<double> above, int candidates)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(below.Length, TpeTrials.Categories);
        Span<double> g = stackalloc double[above.Length];
        above.CopyTo(g);
        if (random is Xoshiro256StarStar xoshiro)
        {
            var stream = new XoshiroStream { State = xoshiro.Current };
            int best = BestCandidate(ref stream, below, g, normalizeAbove: false, candidates);
            xoshiro.Current = stream.State;
            return best;
        }

        var any = new AnyStream(random);
        return BestCandidate(ref any, below, g, normalizeAbove: false, candidates);
    }

    /// <summary>Relative gap between two categories' l/g beyond which their log l − log g surely order the same way.</summary>
    /// <remarks>Each log l − log g is within 2⁻⁵²·(|log l| + |log g|) + 2⁻⁵³·|score| ≤ 5·10⁻¹³ of the exact value (|log x| ≤ 745
    /// for every positive double; Math.Log within an ulp), and l/g computed from an unnormalized g differs from the normalized
    /// ratio by a common factor and three roundings (~7·10⁻¹⁶): a ratio gap of 10⁻⁹ (log gap ~10⁻⁹) is 1,000 times both.</remarks>
    private const double RatioMargin = 1e-9;

    /// <summary>Per category a score that orders (ties included) as hyperopt's log l − log g with l = <paramref name="below"/>
    /// and g = <paramref name="above"/> normalized (normalized here first if <paramref name="normalizeAbove"/>).</summary>
    /// <remarks>The ratio l/g itself where every two categories' ratios differ by more than <see cref="RatioMargin"/> (log is
    /// increasing, so the same order, and no ties), else log l − log g as hyperopt computes it: the 114 logs per suggestion
    /// were ~20 % of a 10⁷-s run after the draws were inlined (Stopwatch counters, /work/bench-home). The best
    /// candidate's loop only compares scores, so it takes the same category either way.</remarks>
    internal static void Scores(ReadOnlySpan<double> below, Span<double> above, bool normalizeAbove, Span<double> scores)
    {
        bool decisive = true;
        for (int k = 0; k < below.Length; k++)
        {
            scores[k] = below[k] / above[k];
            decisive &= double.IsNormal(scores[k]);
            for (int j = 0; j < k; j++)
            {
                double low = Math.Min(scores[j], scores[k]), high = Math.Max(scores[j], scores[k]);
                decisive &= high > low * (1 + RatioMargin);
            }
        }

        if (decisive)
        {
            return;
        }

        if (normalizeAbove)
        {
            Normalize(above);
        }

        for (int k = 0; k < below.Length; k++)
        {
            scores[k] = Math.Log(below[k]) - Math.Log(above[k]);
        }
    }

    /// <remarks>A candidate's score depends on its category only: one score per category (<see cref="Scores"/>), not per
    /// candidate. A draw is the first k with u &lt; p_0 + … + p_k (the last category if none): the cumulative sums once per
    /// variable, summed in the same order as the draw loop sums them, and the category as the number of them at or below
    /// u (they do not decrease): the same category as that loop.</remarks>
    private static int BestCandidate<TStream>(ref TStream stream, ReadOnlySpan<double> below, Span<double> above, bool normalizeAbove, int candidates)
        where TStream : struct, IRandomStream
    {
        int last = below.Length - 1;
        Span<double> scores = stackalloc double[TpeTrials.Categories];
        Scores(below, above, normalizeAbove, scores);
        Span<double> cumulative = stackalloc double[TpeTrials.Categories];
        double sum = 0;
        for (int k = 0; k <= last; k++)
        {
            sum += below[k];
            cumulative[k] = sum;
        }

        // Past the last category's bound u never counts (the loop returns the last category without comparing).
        cumulative[last] = double.PositiveInfinity;
        double c0 = cumulative[0], c1 = last > 1 ? cumulative[1] : double.PositiveInfinity;
        double top = scores[0];
        for (int k = 1; k <= last; k++)
        {
            top = Math.Max(top, scores[k]);
        }

        int best = -1;
        double bestScore = double.NegativeInfinity;
        int i = 0;
        while (i < candidates)
        {
            double u = stream.NextDouble();
            i++;
            int k = (u >= c0 ? 1 : 0) + (u >= c1 ? 1 : 0);
            double score = scores[k];
            if (best < 0 || score > bestScore)
            {
                (best, bestScore) = (k, score);
                if (bestScore == top)
                {
                    break;
                }
            }
        }

        // Once a candidate has the highest score of all categories none that follows is higher: the rest of the draws
        // are only made (the stream is the reference's), not compared.
        Skip(ref stream, candidates - i);
        return best;
    }

    /// <summary>Makes <paramref name="count"/> draws of <see cref="IRandomStream.NextDouble"/> and drops them.</summary>
    private static void Skip<TStream>(ref TStream stream, int count)
        where TStream : struct, IRandomStream
    {
        for (int i = 0; i < count; i++)
        {
            stream.NextDouble();
        }
    }
}
