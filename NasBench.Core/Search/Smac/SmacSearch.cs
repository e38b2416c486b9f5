using MathNet.Numerics.Distributions;

namespace NasBench.Core.Search;

/// <summary>SMAC over the 26 categorical variables of NASCifar10A, as SMAC3 0.10's <c>SMAC</c> facade with run_smac.py's
/// settings (<see cref="SmacSearchOptions"/>).</summary>
/// <remarks>
/// <code>
/// initial design (RANDOM): one uniform configuration, run once: the incumbent
/// loop (SMBO.run) until the budget is spent:
///     X, y = one row per run so far (the configuration's 26 category indices; cost = 1 − validation, invalid 1)
///     forest.fit(X, y)                                                  every iteration (RandomForest)
///     η = min over the evaluated configurations of the forest's mean    (predict_incumbent = True)
///     EI(x) = (η − m)·Φ(z) + s·φ(z),  z = (η − m)/s,  m, s² = forest(x)   (EI, par = 0: SMAC minimises the cost)
///     challengers (InterleavedLocalAndRandomSearch):
///         local: from each of the 10 evaluated configurations of highest EI (ties random), a local search; the results
///                shuffled, then sorted by EI
///         random: 5000 − (number of local results) uniform configurations, sorted by EI (ties random)
///         list = random ++ local, stable-sorted by EI, descending
///     intensify (one challenger: intensification_percentage 1e-10, min_chall 1):
///         for each challenger of the list, but with probability 0.33 a fresh uniform configuration instead (ChooserProb;
///         the list is not advanced then; it ends when the list does):
///             challenger = incumbent → next
///             incumbent has &lt; maxR (4) runs → run it once more with a new seed
///             race: N = 1; repeat:
///                 run the challenger on N (at most) of the incumbent's seeds it lacks, chosen at random
///                 on the seeds both have: challenger's mean cost &gt; incumbent's → incumbent stays, end
///                 challenger has all the incumbent's seeds: lower mean → it becomes the incumbent; end
///                 N = 2N
///             the challenger ran at least once → the iteration ends
/// local search (LocalSearch._one_iter) from x: a = EI(x); plateau moves 0; repeat:
///     for each one-exchange neighbour x' of x in random order (OneExchange):
///         EI(x') = a → remember it;  EI(x') &gt; a → x = x', a = EI(x'), next round
///     none higher: plateau moves &lt; 10 and an equal one remembered → move to the first such, plateau moves + 1;
///     else return (a, x)
/// </code>
/// Every run is one query charged to the session, repeats included (NASCifar10A's objective queries the benchmark on every
/// call, each a random repeat under the nb101 protocol, and charges its training time; the intensifier's extra runs of the
/// incumbent are such calls), and configurations the benchmark answers as invalid cost 1 at no charge, as for TPE. The
/// seeds only key the runs (the benchmark ignores them): a counter here, where the intensifier draws random integers below
/// 2³¹ − 1 (two draws colliding is the only difference). The race compares mean costs on the shared seeds as SMAC's
/// <c>_compare_configs</c> does with its <c>average_cost</c>. Where SMAC sorts whole lists only the front is ever read: the
/// challengers are taken lazily, each the highest EI left (uniform among ties, random candidates before local ones at equal
/// EI), the same order as the sorted list's. The random draws are this run's stream, not numpy's: the distribution of the
/// choices is SMAC's, not its random stream.
/// <para>The reference: automl/nas_benchmarks' experiment_scripts/run_smac.py (its scenario and the five settings it
/// changes) and SMAC3 v0.10.0 (January 2019, the release before the paper; pyrfr 0.8): smac/facade/smac_facade.py (the
/// defaults: <c>RandomForestWithInstances</c>, <c>EI</c>, <c>InterleavedLocalAndRandomSearch</c>, <c>ChooserProb</c>,
/// <c>RandomConfiguration</c> initial design, <c>RunHistory2EPM4Cost</c>: every run a row, y not logged since
/// <c>transform_y</c> is NONE), smac/optimizer/smbo.py (<c>choose_next</c>, <c>_get_incumbent_value</c>),
/// smac/optimizer/ei_optimization.py, smac/intensification/intensification.py, smac/epm/rf_with_instances.py, and
/// ConfigSpace 0.4's <c>get_one_exchange_neighbourhood</c>.</para>
/// <para>Simplified, each the same distribution of choices unless said: the seeds (above); the forest (see
/// <see cref="RegressionTree"/>: gains from sums rather than Welford's statistics, depth first, the untried features and
/// the ties among features drawn differently); ranking only the front of the challenger list; the neighbourhood's order
/// drawn among the variables with neighbours left rather than by rejection; the local searches' starts ranked with one
/// random key per configuration (numpy's lexsort on random keys). Not modelled: SMAC's wall-clock bookkeeping (with the
/// script's intensification_percentage 1e-10 the intensifier's time bound is its floor of 10⁻⁵ s, passed by the first
/// challenger that runs: one challenger an iteration, as here), its output files, pynisher. The budget is the session's
/// (simulated seconds or queries) where the script counts target runs (<c>runcount-limit</c>).</para>
/// </remarks>
internal sealed class SmacSearch(SmacSearchOptions options) : ISearchAlgorithm
{
    /// <summary>Free runs in a row (invalid or not held configurations) before a run ends: a tenth of
    /// <see cref="CellConfigurations.MaxFreeModelEvaluations"/>, as each run refits a forest on every run so far. On the
    /// full benchmark a uniform configuration is valid about a quarter of the time, and the forest soon steers away from
    /// invalid ones: 1,000 free runs in a row happen only where the benchmark holds few of the cells (a partial one).</summary>
    internal const long MaxFreeRuns = 1_000;

    private const int D = CellConfigurations.Count;
    private readonly RandomForest _forest = new(options.Forest);
    private readonly List<byte[]> _configurations = [];
    private readonly Dictionary<int, int> _ids = [];
    private readonly List<List<(int Seed, double Cost)>> _runs = [];
    private byte[] _x = new byte[D * 256];
    private double[] _y = new double[256];
    private int _rows;
    private int _nextSeed;
    private int _incumbent;
    private readonly int[] _asInts = new int[D];
    private double[] _means = new double[256];
    private double[] _variances = new double[256];

    public void Run(SearchSession session, Random random)
    {
        Span<byte> start = stackalloc byte[D];
        SampleUniform(random, start);
        _incumbent = Intern(start);
        if (!RunOnce(session, _incumbent, _nextSeed++))
        {
            return;
        }

        var candidates = new Candidates(options.Challengers, options.LocalSearches, D);
        // Each run is a loop turn (CellConfigurations.Loss): the run ends after MaxFreeRuns free runs in a row;
        // an iteration that ran nothing (every challenger was the incumbent) is a free turn too.
        while (!session.Exhausted)
        {
            session.ThrowIfCancellationRequested();
            int rows = _rows;
            _forest.Fit(_x.AsSpan(0, _rows * D), _y.AsSpan(0, _rows), CellConfigurations.Cardinalities, random);
            ChooseChallengers(random, candidates);
            if (!Intensify(session, random, candidates))
            {
                return;
            }

            if (_rows == rows)
            {
                session.Iterate(MaxFreeRuns, CellConfigurations.FreeNote);
            }
        }
    }

    /// <summary>Runs made so far (the rows the forest is fitted to), each one query of the benchmark.</summary>
    internal int Runs => _rows;

    /// <summary>Runs of each configuration evaluated so far.</summary>
    internal IEnumerable<int> RunsPerConfiguration => _runs.Select(r => r.Count);

    /// <summary>Runs of the incumbent (SMAC's, by mean cost over its runs).</summary>
    internal int IncumbentRuns => _runs[_incumbent].Count;

    /// <summary>SMAC's <c>EI</c> with <c>par</c> = 0 at a prediction (mean, variance already floored): the expected amount
    /// by which the cost falls below <paramref name="eta"/>.</summary>
    internal static double ExpectedImprovement(double eta, double mean, double variance)
    {
        double s = Math.Sqrt(variance);
        if (s == 0)
        {
            return 0;
        }

        double z = (eta - mean) / s;
        return ((eta - mean) * Normal.CDF(0, 1, z)) + (s * Normal.PDF(0, 1, z));
    }

    /// <summary>ConfigSpace's <c>get_one_exchange_neighbourhood</c> for categorical variables: every configuration that
    /// differs from <paramref name="configuration"/> in one variable, as (variable, value) pairs in the generator's random
    /// order; returns how many (Σ (choices − 1): 31 here).</summary>
    /// <remarks>The generator picks a variable uniformly among those with neighbours left (it draws from all and skips the
    /// exhausted ones) and yields the next of that variable's other values, which it shuffled once.</remarks>
    internal static int OneExchange(ReadOnlySpan<byte> configuration, Random random, Span<(byte Variable, byte Value)> into)
    {
        var cardinalities = CellConfigurations.Cardinalities;
        Span<byte> live = stackalloc byte[D];
        Span<byte> left = stackalloc byte[D];
        Span<byte> values = stackalloc byte[D * 8];
        int liveCount = 0;
        for (int v = 0; v < configuration.Length; v++)
        {
            int k = 0;
            for (int c = 0; c < cardinalities[v]; c++)
            {
                if (c != configuration[v])
                {
                    values[(v * 8) + k++] = (byte)c;
                }
            }

            for (int i = k - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (values[(v * 8) + i], values[(v * 8) + j]) = (values[(v * 8) + j], values[(v * 8) + i]);
            }

            left[v] = (byte)k;
            if (k > 0)
            {
                live[liveCount++] = (byte)v;
            }
        }

        int count = 0;
        while (liveCount > 0)
        {
            int pick = random.Next(liveCount);
            int v = live[pick];
            into[count++] = ((byte)v, values[(v * 8) + --left[v]]);
            if (left[v] == 0)
            {
                live[pick] = live[--liveCount];
            }
        }

        return count;
    }

    /// <summary>Ranks the challengers of this iteration into <paramref name="candidates"/> by EI under the forest just
    /// fitted (SMBO.choose_next).</summary>
    private void ChooseChallengers(Random random, Candidates candidates)
    {
        int n = _configurations.Count;
        if (_means.Length < n)
        {
            Array.Resize(ref _means, Math.Max(n, 2 * _means.Length));
            Array.Resize(ref _variances, _means.Length);
        }

        var means = _means;
        var variances = _variances;
        double eta = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            (means[i], variances[i]) = _forest.Predict(_configurations[i]);
            eta = Math.Min(eta, means[i]);
        }

        // The local searches' starts: the evaluated configurations of highest EI, ties in random order (a random key each).
        int starts = Math.Min(n, options.LocalSearches);
        var startIds = new int[starts];
        var startAcq = new double[starts];
        var startTie = new double[starts];
        int filled = 0;
        for (int i = 0; i < n; i++)
        {
            double acq = ExpectedImprovement(eta, means[i], variances[i]);
            double tie = random.NextDouble();
            int at;
            if (filled < starts)
            {
                at = filled++;
            }
            else if (starts > 0 && Ahead(acq, tie, startAcq[starts - 1], startTie[starts - 1]))
            {
                at = starts - 1;
            }
            else
            {
                continue;
            }

            while (at > 0 && Ahead(acq, tie, startAcq[at - 1], startTie[at - 1]))
            {
                (startIds[at], startAcq[at], startTie[at]) = (startIds[at - 1], startAcq[at - 1], startTie[at - 1]);
                at--;
            }

            (startIds[at], startAcq[at], startTie[at]) = (i, acq, tie);
        }

        candidates.Reset(options.Challengers - starts, starts);
        Span<byte> x = stackalloc byte[D];
        for (int s = 0; s < starts; s++)
        {
            _configurations[startIds[s]].CopyTo(x);
            double acq = LocalSearch(x, random, eta);
            candidates.SetLocal(s, x, acq);
        }

        for (int r = 0; r < options.Challengers - starts; r++)
        {
            var into = candidates.Random(r);
            SampleUniform(random, into);
            var (m, v) = _forest.Predict(into);
            candidates.SetRandomAcquisition(r, ExpectedImprovement(eta, m, v));
        }
    }

    /// <summary>Whether (acq, tie) sorts before (otherAcq, otherTie): higher EI, then the higher random key.</summary>
    private static bool Ahead(double acq, double tie, double otherAcq, double otherTie) =>
        acq > otherAcq || (acq == otherAcq && tie > otherTie);

    /// <summary>SMAC's local search from <paramref name="x"/> (changed in place to where it ends); returns its EI.</summary>
    private double LocalSearch(Span<byte> x, Random random, double eta)
    {
        Span<(byte Variable, byte Value)> neighbours = stackalloc (byte, byte)[64];
        var (m0, v0) = _forest.Predict(x);
        double acq = ExpectedImprovement(eta, m0, v0);
        int plateauMoves = 0;
        while (true)
        {
            int count = OneExchange(x, random, neighbours);
            bool moved = false;
            int firstEqual = -1;
            for (int i = 0; i < count; i++)
            {
                var (variable, value) = neighbours[i];
                byte old = x[variable];
                x[variable] = value;
                var (m, v) = _forest.Predict(x);
                double a = ExpectedImprovement(eta, m, v);
                x[variable] = old;
                if (a == acq && firstEqual < 0)
                {
                    firstEqual = i;
                }

                if (a > acq)
                {
                    x[variable] = value;
                    acq = a;
                    moved = true;
                    break;
                }
            }

            if (!moved && plateauMoves < options.PlateauSteps && firstEqual >= 0)
            {
                plateauMoves++;
                x[neighbours[firstEqual].Variable] = neighbours[firstEqual].Value;
                moved = true;
            }

            if (!moved)
            {
                return acq;
            }
        }
    }

    /// <summary>One intensification; false once the budget is spent.</summary>
    private bool Intensify(SearchSession session, Random random, Candidates candidates)
    {
        Span<byte> fresh = stackalloc byte[D];
        while (candidates.Left > 0)
        {
            int challenger;
            if (random.NextDouble() < options.RandomFraction)
            {
                SampleUniform(random, fresh);
                challenger = Intern(fresh);
            }
            else
            {
                challenger = Intern(candidates.TakeBest(random));
            }

            if (challenger == _incumbent)
            {
                continue;
            }

            if (_runs[_incumbent].Count < options.MaxRuns && !RunOnce(session, _incumbent, _nextSeed++))
            {
                return false;
            }

            var (ran, exhausted) = Race(session, random, challenger);
            if (exhausted)
            {
                return false;
            }

            if (ran)
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>SMAC's <c>_race_challenger</c>: the incumbent may change; Ran says whether the challenger ran at all.</summary>
    private (bool Ran, bool Exhausted) Race(SearchSession session, Random random, int challenger)
    {
        bool ran = false;
        int n = 1;
        var missing = new List<int>();
        while (true)
        {
            missing.Clear();
            foreach (var (seed, _) in _runs[_incumbent])
            {
                if (!HasSeed(challenger, seed))
                {
                    missing.Add(seed);
                }
            }

            int toRun = Math.Min(n, missing.Count);
            for (int i = 0; i < toRun; i++)
            {
                int j = i + random.Next(missing.Count - i);
                (missing[i], missing[j]) = (missing[j], missing[i]);
                if (!RunOnce(session, challenger, missing[i]))
                {
                    return (ran, true);
                }

                ran = true;
            }

            switch (CompareWithIncumbent(challenger))
            {
                case Verdict.Incumbent:
                    return (ran, false);
                case Verdict.Challenger:
                    _incumbent = challenger;
                    return (ran, false);
                default:
                    n *= 2;
                    break;
            }
        }
    }

    /// <summary>What <see cref="Compare"/> decides.</summary>
    internal enum Verdict
    {
        /// <summary>Not yet: the challenger is no worse on the shared seeds but lacks some of the incumbent's.</summary>
        Undecided,

        /// <summary>The incumbent stays.</summary>
        Incumbent,

        /// <summary>The challenger becomes the incumbent.</summary>
        Challenger,
    }

    private Verdict CompareWithIncumbent(int challenger) => Compare(_runs[_incumbent], _runs[challenger]);

    /// <summary>SMAC's <c>_compare_configs</c> with <c>average_cost</c> and minR = 1, over (seed, cost) runs.</summary>
    /// <remarks>
    /// <code>
    /// shared = seeds both have;  c = challenger's mean cost on them, i = incumbent's
    /// c &gt; i                               → incumbent
    /// challenger has every incumbent seed  → c ≥ i: incumbent; else challenger
    /// else                                 → undecided (the race runs the challenger on more seeds)
    /// </code>
    /// </remarks>
    internal static Verdict Compare(IReadOnlyList<(int Seed, double Cost)> incumbent, IReadOnlyList<(int Seed, double Cost)> challenger)
    {
        double incumbentSum = 0, challengerSum = 0;
        int shared = 0;
        bool all = true;
        foreach (var (seed, cost) in incumbent)
        {
            if (TryCost(challenger, seed, out double challengerCost))
            {
                incumbentSum += cost;
                challengerSum += challengerCost;
                shared++;
            }
            else
            {
                all = false;
            }
        }

        double incumbentMean = incumbentSum / shared, challengerMean = challengerSum / shared;
        if (challengerMean > incumbentMean && challenger.Count >= 1)
        {
            return Verdict.Incumbent;
        }

        if (all)
        {
            return challengerMean >= incumbentMean ? Verdict.Incumbent : Verdict.Challenger;
        }

        return Verdict.Undecided;
    }

    private bool HasSeed(int configuration, int seed) => TryCost(_runs[configuration], seed, out _);

    private static bool TryCost(IReadOnlyList<(int Seed, double Cost)> runs, int seed, out double cost)
    {
        foreach (var run in runs)
        {
            if (run.Seed == seed)
            {
                cost = run.Cost;
                return true;
            }
        }

        cost = double.NaN;
        return false;
    }

    /// <summary>One target-algorithm run: queries the benchmark (unless the budget is spent: false) and records the run.</summary>
    private bool RunOnce(SearchSession session, int configuration, int seed)
    {
        if (session.Exhausted)
        {
            return false;
        }

        var x = _configurations[configuration];
        for (int v = 0; v < D; v++)
        {
            _asInts[v] = x[v];
        }

        double cost = CellConfigurations.Loss(session, _asInts, session.Tables.Epochs, MaxFreeRuns);
        _runs[configuration].Add((seed, cost));
        if (_rows == _y.Length)
        {
            Array.Resize(ref _y, _y.Length * 2);
            Array.Resize(ref _x, _x.Length * 2);
        }

        x.CopyTo(_x.AsSpan(_rows * D));
        _y[_rows++] = cost;
        return true;
    }

    /// <summary>The id of a configuration, added to the run history's configurations if new.</summary>
    private int Intern(ReadOnlySpan<byte> configuration)
    {
        int key = 0;
        for (int v = 0; v < D; v++)
        {
            key = (key * 3) + configuration[v];
        }

        if (!_ids.TryGetValue(key, out int id))
        {
            id = _configurations.Count;
            _ids.Add(key, id);
            _configurations.Add(configuration.ToArray());
            _runs.Add([]);
        }

        return id;
    }

    /// <summary>ConfigSpace's <c>sample_configuration</c>: every variable uniform. The 21 binary edges from the bits of one
    /// 64-bit draw (each bit uniform and independent: the same distribution as 21 draws), the 5 operations one draw each.</summary>
    private static void SampleUniform(Random random, Span<byte> into)
    {
        ulong bits = (ulong)random.NextInt64();
        for (int d = 0; d < CellConfigurations.Edges; d++)
        {
            into[d] = (byte)((bits >> d) & 1);
        }

        for (int d = CellConfigurations.Edges; d < D; d++)
        {
            into[d] = (byte)random.Next(CellConfigurations.Cardinalities[d]);
        }
    }

    /// <summary>The ranked challengers of one iteration: the random ones and the local searches' results, taken lazily
    /// in the order of SMAC's stable sort (highest EI first; at equal EI the random ones first, each group in random order).</summary>
    private sealed class Candidates(int capacity, int localSearches, int d)
    {
        private readonly byte[] _random = new byte[capacity * d];
        private readonly double[] _randomAcq = new double[capacity];
        private readonly bool[] _randomTaken = new bool[capacity];
        private readonly byte[] _local = new byte[localSearches * d];
        private readonly double[] _localAcq = new double[localSearches];
        private readonly bool[] _localTaken = new bool[localSearches];
        private int _randomCount;
        private int _localCount;

        /// <summary>Candidates not yet taken.</summary>
        public int Left { get; private set; }

        public void Reset(int random, int local)
        {
            (_randomCount, _localCount, Left) = (random, local, random + local);
            Array.Clear(_randomTaken, 0, random);
            Array.Clear(_localTaken, 0, local);
        }

        public Span<byte> Random(int r) => _random.AsSpan(r * d, d);

        public void SetRandomAcquisition(int r, double acq) => _randomAcq[r] = acq;

        public void SetLocal(int s, ReadOnlySpan<byte> x, double acq)
        {
            x.CopyTo(_local.AsSpan(s * d, d));
            _localAcq[s] = acq;
        }

        /// <summary>The next challenger of the sorted list.</summary>
        public ReadOnlySpan<byte> TakeBest(Random random)
        {
            int r = Best(_randomAcq, _randomTaken, _randomCount, random);
            int l = Best(_localAcq, _localTaken, _localCount, random);
            Left--;
            if (l >= 0 && (r < 0 || _localAcq[l] > _randomAcq[r]))
            {
                _localTaken[l] = true;
                return _local.AsSpan(l * d, d);
            }

            _randomTaken[r] = true;
            return _random.AsSpan(r * d, d);
        }

        /// <summary>The untaken index of highest acquisition, uniform among ties (reservoir sampling); -1 if none.</summary>
        private static int Best(double[] acq, bool[] taken, int count, Random random)
        {
            int best = -1, ties = 0;
            for (int i = 0; i < count; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                if (best < 0 || acq[i] > acq[best])
                {
                    (best, ties) = (i, 1);
                }
                else if (acq[i] == acq[best] && random.Next(++ties) == 0)
                {
                    best = i;
                }
            }

            return best;
        }
    }
}
