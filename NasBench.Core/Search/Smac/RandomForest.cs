using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NasBench.Core.Search;

/// <summary>The random-forest settings SMAC passes to pyrfr (<c>RandomForestWithInstances</c>, SMAC3 0.10's scenario defaults).</summary>
/// <param name="Trees">Trees in the forest (<c>rf_num_trees</c>; run_smac.py's <c>--n_trees</c>: 10).</param>
/// <param name="Bootstrapping">Each tree is fitted to n points drawn with replacement (<c>rf_do_bootstrapping</c>: true).</param>
/// <param name="MaxFeatures">Features tried per split: max(1, ⌊26 · 5/6⌋) = 21 (<c>rf_ratio_features</c> 5/6).</param>
/// <param name="MinSamplesSplit">Points a node needs to be split (<c>rf_min_samples_split</c>: 3).</param>
/// <param name="MinSamplesLeaf">Points each child of a split needs (<c>rf_min_samples_leaf</c>: 3).</param>
/// <param name="MaxDepth">Depth below which nodes are no longer split (<c>rf_max_depth</c>: 20).</param>
internal sealed record ForestOptions(int Trees = 10, bool Bootstrapping = true, int MaxFeatures = 21, int MinSamplesSplit = 3,
    int MinSamplesLeaf = 3, int MaxDepth = 20)
{
    /// <summary>Responses closer than this to the node's first are "the same": such a node is pure and not split
    /// (<c>eps_purity</c>, SMAC: 1e-8).</summary>
    public const double EpsilonPurity = 1e-8;

    /// <summary>Smallest summed weight (bootstrap count) a node needs to be split (pyrfr's <c>min_weight_to_split</c>: 2).</summary>
    public const double MinWeightToSplit = 2;

    /// <summary>Smallest summed weight each child of a split needs (pyrfr's <c>min_weight_in_leaf</c>: 1).</summary>
    public const double MinWeightInLeaf = 1;
}

/// <summary>One node of a <see cref="RegressionTree"/>: a split (feature, the categories that go left, the children) or a
/// leaf (its weighted mean response).</summary>
/// <param name="Feature">The split's variable (-1 for a leaf).</param>
/// <param name="LeftCategories">Bit c set: category c goes to the left child.</param>
/// <param name="Left">The left child's index (-1 for a leaf).</param>
/// <param name="Right">The right child's index (-1 for a leaf).</param>
/// <param name="Mean">A leaf's weighted mean response (NaN for a split).</param>
/// <param name="Points">Distinct data points in the node.</param>
internal readonly record struct ForestNode(int Feature, int LeftCategories, int Left, int Right, double Mean, int Points)
{
    public bool IsLeaf => Feature < 0;
}

/// <summary>
/// pyrfr's regression tree (<c>rfr::trees::k_ary_tree</c> with <c>binary_split_one_feature_rss_loss</c>, pyrfr 0.8 as SMAC3 0.10
/// ran it) over categorical features only: NASCifar10A's 26 variables are all <c>CategoricalHyperparameter</c>s, which SMAC's
/// <c>get_types</c> hands pyrfr as categorical (type = number of choices), so no threshold split is ever made here.
/// </summary>
/// <remarks>
/// <code>
/// fit(points with weight w &gt; 0):                      nodes in breadth-first order (a queue, the root first)
///     node is split iff level &lt; max_depth (20), points ≥ min_samples_split (3), Σw ≥ 2,
///                       and some response differs from the node's first by more than 1e-8
///     split: shuffle the 26 features, try the first max_features (21) in that order:
///         per category c present in the node: N_c (points), W_c (Σw), mean_c (weighted)
///         one category present → the feature cannot split
///         sort the present categories by mean_c (ascending; ties keep category order: std::sort's insertion sort)
///         move them one at a time to the left: a prefix is allowed if both sides have ≥ min_samples_leaf (3) points
///             and ≥ 1 weight; loss = RSS(left) + RSS(right), RSS = Σ w (y − weighted mean)²
///         keep the first feature and prefix of strictly lowest loss
///         categories absent from the node go left with probability 1/2 each
///     no allowed split → leaf; else the points of left categories form the left child, the rest the right
///     leaf: the weighted mean of its responses
/// predict(x): from the root, go left iff x's category of the node's feature is in its left set; the leaf's mean
/// </code>
/// The split rule is ported as documented, not bit for bit: the loss Σ_y w·y² − (S_L²/W_L + S_R²/W_R) is compared through
/// its second term (the gain; the first is the node's) from sums S = Σ w·y (pyrfr keeps Welford's running mean and squared
/// deviations), so two losses equal to the last bits may order differently; ties are broken uniformly at random among the
/// features, which is what pyrfr's random feature order does (see <see cref="BestSplit"/>); and the random draws are this
/// run's stream, not pyrfr's <c>std::default_random_engine</c>. pyrfr's node-count limits (2²⁰ nodes and leaves) are never
/// reached by the few thousand points of a run and are not checked.
/// </remarks>
internal sealed class RegressionTree
{
    private const int K = 3;      // categories per feature here (NASCifar10A: 2 or 3)
    private const int Cell = 4;   // per (feature, category): points, Σw, Σw·y, Σw·y²

    // A node's code: a split is (left child index) << 8 | feature << 3 | left set (bit c: category c goes left), the right
    // child at left + 1; a leaf is ~(its index into _means). Compact, so that a prediction walks one int array.
    private int[] _codes = new int[64];
    private double[] _means = new double[32];
    private int[] _points = new int[64];
    private int _count;
    private int _leaves;
    private int[] _rows = [];
    private int[] _features = [];
    private int[] _scratch = [];
    private readonly List<double[]> _slots = [];     // the category sums of the nodes waiting on the stack
    private readonly Stack<int> _freeSlots = new();

    /// <summary>The nodes, the root first; a split's children follow each other (left, right).</summary>
    public IReadOnlyList<ForestNode> Nodes =>
        [.. Enumerable.Range(0, _count).Select(i => _codes[i] >= 0
            ? new ForestNode((_codes[i] >> 3) & 31, _codes[i] & 7, _codes[i] >> 8, (_codes[i] >> 8) + 1, double.NaN, _points[i])
            : new ForestNode(-1, 0, -1, -1, _means[~_codes[i]], _points[i]))];

    /// <summary>Fits the tree to rows <c>x[i·d … i·d + d − 1]</c> with responses <paramref name="y"/> and weights
    /// <paramref name="weights"/> (rows of weight 0 are left out), each feature categorical with
    /// <paramref name="cardinalities"/> categories (at most 3, at most 32 features).</summary>
    /// <remarks>Depth first (a stack) where pyrfr goes breadth first: each node's split depends only on its points and its
    /// own draws, so the same distribution of trees; the nodes are numbered in the order they are made. A node with fewer
    /// than 2 · min_samples_leaf points cannot be split into two children of min_samples_leaf (pyrfr tries and finds no
    /// allowed split): it is made a leaf without trying. Every node's per-category sums of every feature are kept (a
    /// split's smaller child summed over its points, the larger one as the parent's less the smaller's): each point is
    /// summed only in the smaller side of a split instead of in every node it passes (the sums over every point and tried
    /// feature of every node were about a third of a run: Stopwatch counters, /work/bench-home; the fit is now ~a quarter
    /// of a 4·10⁶-s run by perf). The larger side's Σw·y and Σw·y²
    /// are then differences, equal to the direct sums up to rounding in the last bits.</remarks>
    public void Fit(ReadOnlySpan<byte> x, ReadOnlySpan<double> y, ReadOnlySpan<int> weights, ReadOnlySpan<int> cardinalities,
        ForestOptions options, Random random)
    {
        int d = cardinalities.Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(d, 32);
        foreach (int k in cardinalities)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(k, K);
        }

        if (_rows.Length < y.Length)
        {
            _rows = new int[Math.Max(y.Length, 2 * _rows.Length)];
        }

        int count = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (weights[i] > 0)
            {
                _rows[count++] = i;
            }
        }

        if (_features.Length != d)
        {
            _features = [.. Enumerable.Range(0, d)];
        }

        int tried = Math.Min(options.MaxFeatures, d);
        _count = 0;
        _leaves = 0;
        _freeSlots.Clear();
        for (int i = 0; i < _slots.Count; i++)
        {
            _freeSlots.Push(i);
        }

        var stack = new Stack<(int Node, int Begin, int End, int Level, int Slot)>();
        int root = TakeSlot(d);
        Sum(_rows.AsSpan(0, count), x, y, weights, d, _slots[root]);
        stack.Push((NewNodes(1), 0, count, 0, root));
        while (stack.Count > 0)
        {
            var (node, begin, end, level, slot) = stack.Pop();
            var segment = _rows.AsSpan(begin, end - begin);
            _points[node] = segment.Length;
            if (level < options.MaxDepth && segment.Length >= options.MinSamplesSplit && segment.Length >= 2 * options.MinSamplesLeaf
                && Splittable(_slots[slot], segment, y, weights))
            {
                PartialShuffle(_features, d - tried, random);
                int excluded = 0;
                for (int j = 0; j < d - tried; j++)
                {
                    excluded |= 1 << _features[j];
                }

                var (feature, leftSet) = BestSplit(_slots[slot], cardinalities, excluded, options, random);
                if (feature >= 0)
                {
                    // The smaller child summed while the points are partitioned, the larger one the parent's sums less the
                    // smaller's (in the parent's slot). The sides' sizes are known from the category counts.
                    double leftPoints = 0;
                    for (int c = 0; c < cardinalities[feature]; c++)
                    {
                        leftPoints += ((leftSet >> c) & 1) != 0 ? _slots[slot][((feature * K) + c) * Cell] : 0;
                    }

                    bool leftSmaller = leftPoints <= segment.Length - leftPoints;
                    int small = TakeSlot(d);
                    int middle = Partition(segment, x, y, weights, d, feature, leftSet, leftSmaller, _slots[small]);
                    int left = NewNodes(2);
                    _codes[node] = (left << 8) | (feature << 3) | leftSet;
                    Subtract(_slots[slot], _slots[small]);
                    stack.Push((left + 1, begin + middle, end, level + 1, leftSmaller ? slot : small));
                    stack.Push((left, begin, begin + middle, level + 1, leftSmaller ? small : slot));
                    continue;
                }
            }

            _freeSlots.Push(slot);
            if (_leaves == _means.Length)
            {
                Array.Resize(ref _means, 2 * _means.Length);
            }

            _means[_leaves] = WeightedMean(segment, y, weights);
            _codes[node] = ~_leaves++;
        }
    }

    /// <summary>The mean of the leaf <paramref name="configuration"/> falls into.</summary>
    public double Predict(ReadOnlySpan<byte> configuration)
    {
        var codes = _codes;
        int c = codes[0];
        while (c >= 0)
        {
            c = codes[Child(c, configuration)];
        }

        return _means[~c];
    }

    /// <summary>The four trees' predictions at <paramref name="configuration"/>, their walks interleaved: independent chains
    /// of loads instead of one at a time (the walks are ~30 % of a run: perf, /work/bench-home).</summary>
    public static void Predict4(RegressionTree t0, RegressionTree t1, RegressionTree t2, RegressionTree t3, ReadOnlySpan<byte> configuration,
        Span<double> into)
    {
        int[] c0 = t0._codes, c1 = t1._codes, c2 = t2._codes, c3 = t3._codes;
        int a = c0[0], b = c1[0], c = c2[0], e = c3[0];
        while ((a | b | c | e) >= 0)
        {
            a = c0[Child(a, configuration)];
            b = c1[Child(b, configuration)];
            c = c2[Child(c, configuration)];
            e = c3[Child(e, configuration)];
        }

        while (a >= 0)
        {
            a = c0[Child(a, configuration)];
        }

        while (b >= 0)
        {
            b = c1[Child(b, configuration)];
        }

        while (c >= 0)
        {
            c = c2[Child(c, configuration)];
        }

        while (e >= 0)
        {
            e = c3[Child(e, configuration)];
        }

        (into[0], into[1], into[2], into[3]) = (t0._means[~a], t1._means[~b], t2._means[~c], t3._means[~e]);
    }

    /// <summary>Two trees' predictions, their walks interleaved (see <see cref="Predict4"/>).</summary>
    public static void Predict2(RegressionTree t0, RegressionTree t1, ReadOnlySpan<byte> configuration, Span<double> into)
    {
        int[] c0 = t0._codes, c1 = t1._codes;
        int a = c0[0], b = c1[0];
        while ((a | b) >= 0)
        {
            a = c0[Child(a, configuration)];
            b = c1[Child(b, configuration)];
        }

        while (a >= 0)
        {
            a = c0[Child(a, configuration)];
        }

        while (b >= 0)
        {
            b = c1[Child(b, configuration)];
        }

        (into[0], into[1]) = (t0._means[~a], t1._means[~b]);
    }

    /// <summary>The child a split's code sends <paramref name="configuration"/> to: the left (at code &gt;&gt; 8) iff its
    /// category's bit is set in the left set.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Child(int code, ReadOnlySpan<byte> configuration) =>
        (code >> 8) + ((((code & 7) >> configuration[(code >> 3) & 31]) & 1) ^ 1);

    private int TakeSlot(int d)
    {
        if (_freeSlots.Count > 0)
        {
            return _freeSlots.Pop();
        }

        _slots.Add(new double[d * K * Cell]);
        return _slots.Count - 1;
    }

    private int NewNodes(int n)
    {
        int first = _count;
        _count += n;
        if (_count > _codes.Length)
        {
            Array.Resize(ref _codes, 2 * _codes.Length);
            Array.Resize(ref _points, 2 * _points.Length);
        }

        return first;
    }

    /// <summary>Per feature and category the points, Σw, Σw·y and Σw·y² of <paramref name="segment"/>, into
    /// <paramref name="sums"/> (cleared first).</summary>
    private static void Sum(ReadOnlySpan<int> segment, ReadOnlySpan<byte> x, ReadOnlySpan<double> y, ReadOnlySpan<int> weights, int d,
        double[] sums)
    {
        Array.Clear(sums);
        foreach (int i in segment)
        {
            Add(x.Slice(i * d, d), Point(weights[i], y[i]), sums);
        }
    }

    /// <summary>A point's (1, w, w·y, w·y²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Point(double w, double y) => Vector256.Create(1, w, w * y, w * y * y);

    /// <summary>Adds a point's (1, w, w·y, w·y²) to the cell of its category of every feature (one vector each).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ReadOnlySpan<byte> row, Vector256<double> point, double[] sums)
    {
        ref double cells = ref MemoryMarshal.GetArrayDataReference(sums);
        for (int f = 0; f < row.Length; f++)
        {
            nuint at = (nuint)(((f * K) + row[f]) * Cell);
            (Vector256.LoadUnsafe(ref cells, at) + point).StoreUnsafe(ref cells, at);
        }
    }

    private static void Subtract(double[] from, double[] sums)
    {
        ref double a = ref MemoryMarshal.GetArrayDataReference(from);
        ref double b = ref MemoryMarshal.GetArrayDataReference(sums);
        for (nuint i = 0; i < (nuint)from.Length; i += (nuint)Vector256<double>.Count)
        {
            (Vector256.LoadUnsafe(ref a, i) - Vector256.LoadUnsafe(ref b, i)).StoreUnsafe(ref a, i);
        }
    }

    /// <summary>Not pure (some response further than <see cref="ForestOptions.EpsilonPurity"/> from the first) and weighing at
    /// least <see cref="ForestOptions.MinWeightToSplit"/>.</summary>
    /// <remarks>Where the node's RSS from its sums exceeds 10⁻¹² per unit of weight the node is surely not pure (a pure node's
    /// RSS is at most (2·10⁻⁸)² per unit of weight, the sums' rounding well below 10⁻¹⁴ per unit for responses in [0, 1]):
    /// the points are only scanned where it does not.</remarks>
    private static bool Splittable(double[] sums, ReadOnlySpan<int> segment, ReadOnlySpan<double> y, ReadOnlySpan<int> weights)
    {
        double w = 0, s = 0, q = 0;
        for (int c = 0; c < K; c++)
        {
            (w, s, q) = (w + sums[(c * Cell) + 1], s + sums[(c * Cell) + 2], q + sums[(c * Cell) + 3]);
        }

        if (w < ForestOptions.MinWeightToSplit)
        {
            return false;
        }

        if (q - (s * s / w) > 1e-12 * w)
        {
            return true;
        }

        double first = y[segment[0]];
        foreach (int i in segment)
        {
            if (Math.Abs(y[i] - first) > ForestOptions.EpsilonPurity)
            {
                return true;
            }
        }

        return false;
    }

    private static double WeightedMean(ReadOnlySpan<int> segment, ReadOnlySpan<double> y, ReadOnlySpan<int> weights)
    {
        double w = 0, s = 0;
        foreach (int i in segment)
        {
            w += weights[i];
            s += weights[i] * y[i];
        }

        return s / w;
    }

    /// <summary>The left set's points first (as pyrfr's <c>std::partition</c>, in their order); returns how many go left. The
    /// points of the left side (<paramref name="sumLeft"/>) or of the right side are then summed into
    /// <paramref name="sums"/> (cleared first).</summary>
    /// <remarks>Each point is written to both sides' next places and only its own side's count advances: no branch on the
    /// side (half of them mispredicted in a branching partition).</remarks>
    private int Partition(Span<int> segment, ReadOnlySpan<byte> x, ReadOnlySpan<double> y, ReadOnlySpan<int> weights, int d,
        int feature, int leftSet, bool sumLeft, double[] sums)
    {
        if (_scratch.Length < segment.Length)
        {
            _scratch = new int[Math.Max(segment.Length, 2 * _scratch.Length)];
        }

        var right = _scratch.AsSpan(0, segment.Length);
        int l = 0, r = 0;
        foreach (int i in segment)
        {
            int left = (leftSet >> x[(i * d) + feature]) & 1;
            segment[l] = i;
            right[r] = i;
            l += left;
            r += left ^ 1;
        }

        right[..r].CopyTo(segment[l..]);
        Array.Clear(sums);
        foreach (int i in sumLeft ? segment[..l] : segment[l..])
        {
            Add(x.Slice(i * d, d), Point(weights[i], y[i]), sums);
        }

        return l;
    }

    /// <summary>The best split over the features not in <paramref name="excluded"/> from the node's category sums, or
    /// Feature = -1 when no feature allows one.</summary>
    /// <remarks>pyrfr tries the features in a random order and keeps the first of strictly lowest loss: among the features
    /// whose best losses tie, a uniformly random one. Here the features are tried in index order and a tie replaces the
    /// best so far with probability 1/(ties so far) (reservoir sampling): uniform among the tied, as pyrfr's, with draws only
    /// where there are ties. Within one feature the first prefix of lowest loss is kept, as pyrfr keeps it. The loss
    /// RSS(left) + RSS(right) = Σ_y w·y² − (S_L²/W_L + S_R²/W_R) is minimal where the gain S_L²/W_L + S_R²/W_R is maximal
    /// (the first term is the node's, the same for every split): the gain is compared, two divisions a split.</remarks>
    private static (int Feature, int LeftSet) BestSplit(double[] sums, ReadOnlySpan<int> cardinalities, int excluded,
        ForestOptions options, Random random)
    {
        double bestGain = double.NegativeInfinity;
        int bestFeature = -1, bestPrefix = 0, ties = 0;
        Span<int> bestOrder = stackalloc int[K];
        double minPoints = options.MinSamplesLeaf;
        for (int f = 0; f < cardinalities.Length; f++)
        {
            if (((excluded >> f) & 1) != 0)
            {
                continue;
            }

            var cells = sums.AsSpan(f * K * Cell, cardinalities[f] * Cell);
            double gain;
            int prefix;
            if (cells.Length == 2 * Cell)
            {
                // Two categories: the only split is one against the other (both present, with enough points and weight).
                double n0 = cells[0], w0 = cells[1], n1 = cells[Cell], w1 = cells[Cell + 1];
                if (!(n0 >= minPoints && n1 >= minPoints && w0 >= ForestOptions.MinWeightInLeaf && w1 >= ForestOptions.MinWeightInLeaf))
                {
                    continue;
                }

                gain = (cells[2] * cells[2] / w0) + (cells[Cell + 2] * cells[Cell + 2] / w1);
                prefix = 1;
            }
            else if (cells.Length == 3 * Cell)
            {
                (gain, prefix) = BestPrefix(cells, options);
                if (prefix == 0)
                {
                    continue;
                }
            }
            else
            {
                continue;   // one category: nothing to split
            }

            if (gain > bestGain)
            {
                (bestGain, bestFeature, bestPrefix, ties) = (gain, f, prefix, 1);
            }
            else if (gain == bestGain && random.Next(++ties) == 0)
            {
                (bestFeature, bestPrefix) = (f, prefix);
            }
        }

        if (bestFeature < 0)
        {
            return (-1, 0);
        }

        var best = sums.AsSpan(bestFeature * K * Cell, cardinalities[bestFeature] * Cell);
        int active = SortedCategories(best, bestOrder);
        int set = 0;
        for (int j = 0; j < bestPrefix; j++)
        {
            set |= 1 << bestOrder[j];
        }

        // Categories not seen in the node go left or right by a fair coin each (drawn for the split kept, not for every
        // feature tried: the same distribution).
        for (int j = active; j < cardinalities[bestFeature]; j++)
        {
            if (random.Next(2) == 1)
            {
                set |= 1 << bestOrder[j];
            }
        }

        return (bestFeature, set);
    }

    /// <summary>pyrfr's <c>best_split_categorical</c> for one feature of three categories: the present categories sorted by
    /// mean (stably), prefixes of that order moved to the left; the gain and length of the first prefix of highest gain
    /// (prefix 0 if none is allowed).</summary>
    /// <remarks>Written out for three categories in locals (the generic sort and loops were ~10 % of a run: perf,
    /// /work/bench-home): the same comparisons in the same order.</remarks>
    private static (double Gain, int Prefix) BestPrefix(ReadOnlySpan<double> cells, ForestOptions options)
    {
        // The present categories in mean order (stable: on equal means the lower category first).
        int a = -1, b = -1, c = -1;
        for (int k = 0; k < K; k++)
        {
            if (!(cells[k * Cell] > 0))
            {
                continue;
            }

            double mean = Mean(cells, k);
            if (a < 0 || !(Mean(cells, a) > mean))
            {
                if (a < 0)
                {
                    a = k;
                }
                else if (b < 0 || !(Mean(cells, b) > mean))
                {
                    if (b < 0)
                    {
                        b = k;
                    }
                    else
                    {
                        c = k;
                    }
                }
                else
                {
                    (b, c) = (k, b);
                }
            }
            else
            {
                (a, b, c) = (k, a, b);
            }
        }

        if (b < 0)
        {
            return (double.NegativeInfinity, 0);
        }

        double best = double.NegativeInfinity;
        int bestPrefix = 0;
        double totalN = cells[0] + cells[Cell] + cells[2 * Cell];
        double totalW = cells[1] + cells[Cell + 1] + cells[(2 * Cell) + 1];
        double totalS = cells[2] + cells[Cell + 2] + cells[(2 * Cell) + 2];
        double leftN = 0, leftW = 0, leftS = 0;
        for (int prefix = 1; prefix <= (c < 0 ? 1 : 2); prefix++)
        {
            int at = (prefix == 1 ? a : b) * Cell;
            (leftN, leftW, leftS) = (leftN + cells[at], leftW + cells[at + 1], leftS + cells[at + 2]);
            double rightN = totalN - leftN, rightW = totalW - leftW, rightS = totalS - leftS;
            if (leftW < ForestOptions.MinWeightInLeaf || rightW < ForestOptions.MinWeightInLeaf
                || leftN < options.MinSamplesLeaf || rightN < options.MinSamplesLeaf)
            {
                continue;
            }

            double gain = (leftS * leftS / leftW) + (rightS * rightS / rightW);
            if (gain > best)
            {
                (best, bestPrefix) = (gain, prefix);
            }
        }

        return (best, bestPrefix);
    }

    /// <summary>Writes the present categories (points &gt; 0) sorted by mean (stable: std::sort's insertion sort on so few),
    /// then the absent ones; returns how many are present.</summary>
    private static int SortedCategories(ReadOnlySpan<double> cells, Span<int> order)
    {
        int k = cells.Length / Cell, active = 0;
        Span<double> means = stackalloc double[K];
        for (int c = 0; c < k; c++)
        {
            if (cells[c * Cell] > 0)
            {
                means[active] = Mean(cells, c);
                order[active++] = c;
            }
        }

        int absent = active;
        for (int c = 0; c < k; c++)
        {
            if (!(cells[c * Cell] > 0))
            {
                order[absent++] = c;
            }
        }

        for (int i = 1; i < active; i++)
        {
            (int c, double mean) = (order[i], means[i]);
            int j = i - 1;
            while (j >= 0 && means[j] > mean)
            {
                (order[j + 1], means[j + 1]) = (order[j], means[j]);
                j--;
            }

            (order[j + 1], means[j + 1]) = (c, mean);
        }

        return active;
    }

    private static double Mean(ReadOnlySpan<double> cells, int c) => cells[(c * Cell) + 2] / cells[(c * Cell) + 1];

    /// <summary>Fisher–Yates over the first <paramref name="count"/> places: a uniformly random subset of that size in front
    /// (the features left untried: pyrfr tries the first max_features of a full <c>std::shuffle</c>).</summary>
    private static void PartialShuffle(int[] items, int count, Random random)
    {
        for (int i = 0; i < count; i++)
        {
            int j = i + random.Next(items.Length - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>
/// SMAC's random forest (<c>RandomForestWithInstances</c> over pyrfr's <c>binary_rss_forest</c>, no instances): the mean and
/// the variance of the trees' predictions.
/// </summary>
/// <remarks>
/// <code>
/// fit(X, y):  per tree: bootstrap counts of n draws with replacement from the n rows (or every row once without
///             bootstrapping), then the tree fitted to the rows with their counts as weights
/// predict(x): m_t = tree t's leaf mean;  mean = (1/T) Σ m_t
///             var = Σ (m_t − mean)² / (T − 1)                   pyrfr's predict_mean_var, variance_sample of the means
///             var = max(var, 1e-5), NaN (one tree) → 1e-5        RandomForestWithInstances.predict_marginalized_over_instances
/// </code>
/// SMAC3 0.9–0.10 set <c>rf_opts.compute_law_of_total_variance = False</c>: the variance is that of the trees' means only;
/// the within-leaf variances (the law of total variance's second term) are not added.
/// </remarks>
internal sealed class RandomForest(ForestOptions options)
{
    /// <summary>The floor of the predicted variance (<c>AbstractEPM.var_threshold</c>: 10⁻⁵).</summary>
    public const double VarianceThreshold = 1e-5;

    private readonly List<RegressionTree> _trees = [];
    private int[] _weights = [];

    /// <summary>The fitted trees.</summary>
    public IReadOnlyList<RegressionTree> Trees => _trees;

    /// <summary>Fits the forest to the rows of <paramref name="x"/> (<paramref name="cardinalities"/>.Length values each).</summary>
    public void Fit(ReadOnlySpan<byte> x, ReadOnlySpan<double> y, ReadOnlySpan<int> cardinalities, Random random)
    {
        int n = y.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        while (_trees.Count < options.Trees)
        {
            _trees.Add(new RegressionTree());
        }

        if (_weights.Length < n)
        {
            _weights = new int[Math.Max(n, 2 * _weights.Length)];
        }

        var weights = _weights.AsSpan(0, n);
        foreach (var tree in _trees)
        {
            if (options.Bootstrapping)
            {
                weights.Clear();
                for (int i = 0; i < n; i++)
                {
                    weights[random.Next(n)]++;
                }
            }
            else
            {
                weights.Fill(1);
            }

            tree.Fit(x, y, weights, cardinalities, options, random);
        }
    }

    /// <summary>The forest's mean and (floored) variance at <paramref name="configuration"/>.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<byte> configuration)
    {
        int t = _trees.Count;
        Span<double> means = stackalloc double[t];
        int i = 0;
        for (; i + 4 <= t; i += 4)
        {
            RegressionTree.Predict4(_trees[i], _trees[i + 1], _trees[i + 2], _trees[i + 3], configuration, means[i..]);
        }

        for (; i + 2 <= t; i += 2)
        {
            RegressionTree.Predict2(_trees[i], _trees[i + 1], configuration, means[i..]);
        }

        for (; i < t; i++)
        {
            means[i] = _trees[i].Predict(configuration);
        }

        return Combine(means);
    }

    /// <summary>The forest's mean and (floored) variance from the trees' predictions: their mean, and their sample variance
    /// (n − 1) floored at <see cref="VarianceThreshold"/> (NaN for one tree, floored too).</summary>
    public static (double Mean, double Variance) Combine(ReadOnlySpan<double> treeMeans)
    {
        int t = treeMeans.Length;
        double sum = 0;
        foreach (double m in treeMeans)
        {
            sum += m;
        }

        double mean = sum / t, squares = 0;
        foreach (double m in treeMeans)
        {
            squares += (m - mean) * (m - mean);
        }

        double variance = t > 1 ? Math.Max(0, squares / (t - 1)) : double.NaN;
        return (mean, double.IsNaN(variance) || variance < VarianceThreshold ? VarianceThreshold : variance);
    }
}
