using System.Runtime.Intrinsics;

namespace NasBench.Core.Search;

/// <summary>BOHB's configuration generator, hpbandster's <c>config_generators/bohb.py</c>, on categorical variables.</summary>
/// <remarks>
/// <code>
/// observe(c, budget, loss): configs[budget] += c, losses[budget] += loss; then (when the next sample needs it):
///     n = |configs[budget]|;  if n &lt; min_points: return                      min_points = 27 (26 variables + 1)
///     n_good = max(min_points, top_n_percent·n // 100); n_bad = max(min_points, (100 − top_n_percent)·n // 100)
///     order by loss; good = first n_good; bad = the next n_bad;  either with ≤ 26 rows: return
///     each fitted as statsmodels' KDEMultivariate, var_type 'u', bw = 'normal_reference'
///         bw_d = 1.06 · std_d · rows^(−1/(4 + 26)), then clipped below at min_bandwidth
///         pdf(x) = mean over rows r of Π_d k(x_d, r_d),  k = 1 − bw_d if equal else bw_d / (levels_d − 1)
///         (levels_d: distinct values of column d in the rows, Aitchison–Aitken as statsmodels counts them)
/// sample(): no model yet, or rand() &lt; random_fraction → uniform
///     else the largest budget with a model: num_samples times:
///         datum = a random row of good; per variable: rand() &lt; 1 − max(bw_d, min_bw) ? datum_d : uniform
///         score = max(1e-32, g(x)) / max(l(x), 1e-32); keep the lowest
///         a non-finite score takes x at once if l(x) is finite (bohb.py's escape for unseen categories)
/// </code>
/// Here, with the same distribution (the issue asks for it, not for bohb.py's random stream): a budget's results stay
/// sorted, each distinct configuration packed once (<see cref="BohbObservations"/>); the model sampled from is fitted once
/// when its budget becomes the largest with a model and then moved by each result (<see cref="CategoricalKde.Update"/>:
/// the same rows, counts and bandwidths as a refit); each variable of a candidate is drawn from one uniform, all variables
/// at once (<see cref="Draw{TStream}"/>, <see cref="CandidateDraw"/>: bohb.py's probabilities, not its draws); the 64
/// candidates are drawn first (the cases bohb.py decides without comparing, g = ∞ or l = ∞, are a vector test on the
/// draw), then the lowest ratio is found exactly, with l summed only as far as it can still matter (<see cref="Lowest"/>:
/// the rows nearest the good rows first, and a floor of l before any row). BOHB per 10⁷-s run on /work/bench-home: 0.51
/// → 0.27 CPU-s with these (the first three changed the stream and the sums' last bits; TrajectoryPinTests was re-pinned
/// once for them).
/// </remarks>
internal sealed class BohbModel(BohbSearchOptions options) : IConfigurationSampler
{
    private readonly SortedDictionary<int, BohbObservations> _observations = [];
    private (CategoricalKde Good, CategoricalKde Bad) _model;
    private int _live = -1;
    private readonly HashSet<int> _stale = [];
    private readonly Vector256<byte>[] _probes = new Vector256<byte>[options.NumSamples + 3];
    private readonly CandidateDraw _draw = new();
    private readonly double[] _denominators = new double[options.NumSamples];
    private readonly double[] _sums = new double[options.NumSamples + 3];
    private readonly int[] _done = new int[options.NumSamples + 3];
    private readonly double[] _floors = new double[options.NumSamples + 3];

    private int MinPoints => options.MinPointsInModel ?? CellConfigurations.Count + 1;

    public void Sample(Random random, Span<int> into)
    {
        // The model is refitted only when this sample reads it: a third of the samples are uniform and leave it stale.
        int epochs = ModelBudget();
        if (epochs < 0 || random.NextDouble() < options.RandomFraction)
        {
            CellConfigurations.SampleUniform(random, into);
            return;
        }

        var (good, bad) = Refit(epochs);
        var candidates = Draw(random, good, bad, out int taken);
        if (taken >= 0)
        {
            Unpack(_probes[taken], into);
        }
        else if (candidates > 0)
        {
            Unpack(_probes[Lowest(bad, candidates)], into);
        }
        else
        {
            CellConfigurations.SampleUniform(random, into);
        }
    }

    /// <summary>Draws the num_samples candidates in bohb.py's order and keeps those with finite g and l, with their exact g;
    /// <paramref name="taken"/> is a candidate bohb.py takes without comparing (−1 if none): one with l = ∞ and finite g (it
    /// stops drawing), else the first with g = ∞ (its ratio 0 is the least).</summary>
    /// <remarks>Generic over the stream so that the run's xoshiro256** (sealed) is called directly and inlined, not through
    /// <see cref="Random"/>'s virtual methods: the 64 × 26 draws per sample were ~15 % of a BOHB run (dotnet-trace,
    /// /work/bench-home).</remarks>
    private int Draw(Random random, CategoricalKde good, CategoricalKde bad, out int taken)
    {
        if (random is not Xoshiro256StarStar xoshiro)
        {
            var any = new AnyStream(random);
            return Draw(ref any, good, bad, out taken);
        }

        // Its state copied into a local for the loop and stored back: the same draws (see Xoshiro256StarStar.Current).
        var stream = new XoshiroStream { State = xoshiro.Current };
        int kept = Draw(ref stream, good, bad, out taken);
        xoshiro.Current = stream.State;
        return kept;
    }

    /// <remarks>
    /// One variable as bohb.py draws it, <c>rand() &lt; keep ? datum : randint(c)</c> (keep = 1 − max(bw, min_bw)), takes
    /// the datum's value with probability keep + (1 − keep)/c and each other value with (1 − keep)/c. The same distribution
    /// from one uniform u and no branch (<see cref="CandidateDraw"/>, all variables at once):
    /// <code>
    /// q = (1 − keep) / c;  k = #{ j in 1 … c−1 : u &lt; j · q };  value = (datum + k) mod c
    /// </code>
    /// (k = c − 1 − m exactly when u lies in [m · q, (m + 1) · q) for m &lt; c − 1, else 0), with u a 32-bit uniform, two per
    /// 64-bit draw, and each <c>u &lt; j · q</c> an integer compare (<see cref="CategoricalKde.Threshold"/>): every probability
    /// within 2⁻³² of bohb.py's. The issue asks for BOHB's distribution, not its random stream: bohb.py's rule made one or
    /// two 53-bit draws and an unpredictable branch per variable, ~40 instructions, ~22 % of a run (Stopwatch over 10 runs to
    /// 10⁷ s on /work/bench-home: 1.5 of 7 CPU-s). Tested against the rule's probabilities, and by a χ² test against
    /// bohb.py's rule drawn plainly.
    /// A candidate is built as the bytes of its probe only (its integers are unpacked for the one chosen), with unchecked
    /// loads: the loop's int stores, bounds checks and double conversions were ~20 % of a run (dotnet-trace).
    /// </remarks>
    private int Draw<TStream>(ref TStream stream, CategoricalKde good, CategoricalKde bad, out int taken)
        where TStream : struct, IRandomStream
    {
        var random = stream;
        Span<ulong> uniforms = stackalloc ulong[16];
        int words = _draw.Words;
        int kept = 0, zero = -1;
        for (int i = 0; i < options.NumSamples; i++)
        {
            var datum = Vector256.Create<byte>(good.PackedRow(random.Next(good.Rows)));
            for (int w = 0; w < words; w++)
            {
                uniforms[w] = random.NextBits();
            }

            var probe = _draw.Choose(datum, uniforms);
            _probes[kept] = probe;
            bool badInfinite = bad.IsOutside(probe), goodInfinite = good.IsOutside(probe);
            if (badInfinite || (goodInfinite && zero >= 0))
            {
                if (badInfinite && !goodInfinite)
                {
                    (stream, taken) = (random, kept);
                    return 0;
                }

                continue;
            }

            zero = goodInfinite ? kept : zero;
            kept++;
        }

        stream = random;

        // g is needed only when no candidate has g = ∞ (the first such one is taken otherwise): summed after the draws,
        // and only then (half of the samples on /work/bench-home have such a candidate), four candidates per pass.
        taken = zero;
        if (zero < 0)
        {
            for (int k = 0; k < kept; k += 4)
            {
                _sums.AsSpan(k, 4).Clear();
                good.Sum4(_probes.AsSpan(k), Math.Min(4, kept - k), 0, good.DistinctRows, _sums.AsSpan(k));
                for (int j = k; j < Math.Min(kept, k + 4); j++)
                {
                    _denominators[j] = Math.Max(good.Value(_sums[j]), 1e-32);
                }
            }
        }

        return kept;
    }

    /// <summary>The candidate with the bytes of <paramref name="probe"/>, one integer per variable.</summary>
    private static void Unpack(Vector256<byte> probe, Span<int> into)
    {
        for (int d = 0; d < into.Length; d++)
        {
            into[d] = probe[d];
        }
    }

    /// <summary>The first of <paramref name="count"/> kept candidates with the lowest score max(1e-32, l) / max(g, 1e-32), exact
    /// as bohb.py's sequential loop finds it, with l summed only as far as needed.</summary>
    /// <remarks>A partial sum of l's positive terms gives a lower bound of the score that its full sum reaches (correctly
    /// rounded +, ×, /, max are monotone), and so does <see cref="CategoricalKde.Floor"/> before any row. So: every
    /// candidate's floor; the candidate with the least floor summed to its end, its exact score the bar; every other
    /// candidate summed block by block until its bound clears the bar (it loses: higher, or equal and later) or it is
    /// complete (exact: it wins if lower, or equal and earlier). Only the winner and the near misses are summed whole, and
    /// each full sum has the bits of one pass in row order. (The floors replaced a first block of 16 rows for every
    /// candidate: about half of the candidates are dropped by their floor alone, measured over 5 runs to 10⁷ s on
    /// /work/bench-home.)</remarks>
    private int Lowest(CategoricalKde bad, int count)
    {
        int winner = 0;
        for (int k = 0; k < count; k++)
        {
            (_sums[k], _done[k], _floors[k]) = (0, 0, bad.Floor(_probes[k]));
            winner = Bound(bad, k) < Bound(bad, winner) ? k : winner;
        }

        _sums[winner] = bad.Sum(_probes[winner], 0, bad.DistinctRows, 0);
        _done[winner] = bad.DistinctRows;

        // The others, four at a time (a lane takes the next candidate when its own is decided): bar only falls, and a
        // candidate is dropped only once its bound clears the bar of the moment (higher, or equal and later), so the order
        // they are decided in does not change the winner. Four lanes, four independent sum chains: the losers' blocks
        // were ~60 % of the rows summed here (3 runs on /work/bench-home: 11,000 rows per call, N = 1,800).
        double bar = Bound(bad, winner);
        Span<int> lanes = stackalloc int[4];
        int active = 0, next = 0;
        while (true)
        {
            while (active < 4 && next < count)
            {
                int k = next++;
                if (k != winner && Open(bad, k, winner, bar))
                {
                    lanes[active++] = k;
                }
            }

            if (active == 0)
            {
                return winner;
            }

            int rows = Block;
            for (int i = 0; i < active; i++)
            {
                rows = Math.Min(rows, bad.DistinctRows - _done[lanes[i]]);
            }

            bad.SumLanes(_probes, lanes[..active], _done, rows, _sums);
            for (int i = 0; i < active; i++)
            {
                int k = lanes[i];
                _done[k] += rows;
                if (!Open(bad, k, winner, bar))
                {
                    lanes[i--] = lanes[--active];
                }
                else if (_done[k] == bad.DistinctRows)
                {
                    (winner, bar) = (k, Bound(bad, k));
                    lanes[i--] = lanes[--active];
                }
            }
        }
    }

    /// <summary>Whether candidate <paramref name="k"/> may still beat the winner: its bound below the bar, or equal and earlier.</summary>
    private bool Open(CategoricalKde bad, int k, int winner, double bar)
    {
        double bound = Bound(bad, k);
        return bound < bar || (bound == bar && k < winner);
    }

    private const int Block = 16;

    /// <summary>A lower bound of candidate <paramref name="k"/>'s score, exact once its sum is complete: from the larger of
    /// its partial sum and its floor (both lower bounds of the full sum).</summary>
    private double Bound(CategoricalKde bad, int k) =>
        Math.Max(1e-32, bad.Value(_done[k] == bad.DistinctRows ? _sums[k] : Math.Max(_sums[k], _floors[k]))) / _denominators[k];

    /// <summary>Every evaluation, free or not, is an observation of the model.</summary>
    public long MaxFree => CellConfigurations.MaxFreeModelEvaluations;

    public void Observe(ReadOnlySpan<int> configuration, int epochs, double loss)
    {
        if (!_observations.TryGetValue(epochs, out var results))
        {
            _observations[epochs] = results = new BohbObservations();
        }

        if (epochs == _live)
        {
            // The budget sampled from: the result put in place at once and both densities moved by it (O(1), not a refit).
            int rank = results.Insert(configuration, loss);
            var (nGood, nBad) = Sizes(results.Count);
            _model.Good.Update(rank, 0, nGood);
            _model.Bad.Update(rank, nGood, nBad);
        }
        else
        {
            results.Add(configuration, loss);
        }

        _stale.Add(epochs);
    }

    /// <summary>The budget whose model a sample uses: the largest with enough observations (−1 if none).</summary>
    /// <remarks>bohb.py refits a budget's model after every result, but samples only from the largest budget's: the
    /// models of smaller budgets are never read once a larger one exists, so they are not fitted (a fit is O(n) and a
    /// 10^7-second run has 20,000 results at 4 epochs: fitting them all made the run quadratic). A model exists from
    /// its budget's 2 · min_points-th result on and never disappears, so the chosen model is the one bohb.py samples.</remarks>
    private int ModelBudget()
    {
        int chosen = -1;
        foreach (var (epochs, results) in _observations)
        {
            chosen = CanFit(results.Count) ? epochs : chosen;
        }

        return chosen;
    }

    /// <summary>The model of <paramref name="epochs"/> as bohb.py has it after its latest result: fitted whole when it becomes
    /// the budget sampled from (the budget only grows), then moved by each result (<see cref="Observe"/>) and committed here.</summary>
    private (CategoricalKde Good, CategoricalKde Bad) Refit(int epochs)
    {
        if (epochs != _live)
        {
            _stale.Remove(epochs);
            var results = _observations[epochs];
            var (nGood, nBad) = Sizes(results.Count);
            var good = CategoricalKde.Fit(results, 0, nGood, options.MinBandwidth);
            (_model, _live) = ((good, CategoricalKde.Fit(results, nGood, nBad, options.MinBandwidth, good.Mode())), epochs);
            _draw.Set(good.KeepProbability, CellConfigurations.Cardinalities);
        }
        else if (_stale.Remove(epochs))
        {
            _model.Good.Commit();
            _model.Bad.Commit(_model.Good.Mode());
            _draw.Set(_model.Good.KeepProbability, CellConfigurations.Cardinalities);    // once per model, not per sample
        }

        return _model;
    }

    private bool CanFit(int n) =>
        n >= MinPoints && Math.Max(MinPoints, options.TopNPercent * n / 100) is var nGood && nGood > CellConfigurations.Count
            && Math.Min(n - nGood, Math.Max(MinPoints, (100 - options.TopNPercent) * n / 100)) > CellConfigurations.Count;

    /// <summary>bohb.py's n_good and n_bad for <paramref name="n"/> results.</summary>
    private (int Good, int Bad) Sizes(int n)
    {
        int nGood = Math.Max(MinPoints, options.TopNPercent * n / 100);
        return (nGood, Math.Min(n - nGood, Math.Max(MinPoints, (100 - options.TopNPercent) * n / 100)));
    }
}
