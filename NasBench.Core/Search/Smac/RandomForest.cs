namespace NasBench.Core.Search;

/// <summary>The random-forest settings SMAC passes to pyrfr (<c>RandomForestWithInstances</c>, SMAC3 0.10's scenario defaults).</summary>
/// <param name="Trees">Trees in the forest (<c>rf_num_trees</c>; run_smac.py's <c>--n_trees</c>: 10).</param>
/// <param name="Bootstrapping">Each tree is fitted to n points drawn with replacement (<c>rf_do_bootstrapping</c>: true).</param>
/// <param name="MaxFeatures">Features tried per split: max(1, ⌊26 · 5/6⌋) = 21 (<c>rf_ratio_features</c> 5/6).</param>
/// <param name="MinSamplesSplit">Points a node needs to be split (<c>rf_min_samples_split</c>: 3).</param>
/// <param name="MinSamplesLeaf">Points each child of a split needs (<c>rf_min_samples_leaf</c>: 3).</param>
/// <param name="MaxDepth">Depth below which nodes are no longer split (<c>rf_max_depth</c>: 20).</param>
internal readonly record struct ForestOptions(int Trees = 10, bool Bootstrapping = true, int MaxFeatures = 21, int MinSamplesSplit = 3,
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
/// The split rule is ported as documented, not bit for bit: a group's RSS is Q − S²/W from the sums S = Σ w·y and
/// Q = Σ w·y² (pyrfr keeps Welford's running mean and squared deviations), so two losses equal to the last bits may order
/// differently; and the random draws are this run's stream, not pyrfr's <c>std::default_random_engine</c>. pyrfr's node-count
/// limits (2²⁰ nodes and leaves) are never reached by the few thousand points of a run and are not checked.
/// </remarks>
internal sealed class RegressionTree
{
    private const int K = 3;   // categories per feature here (NASCifar10A: 2 or 3)

    // A node's code: a split is (left child index) << 8 | feature << 3 | left set (bit c: category c goes left), the right
    // child at left + 1; a leaf is ~(its index into _means). Compact, so that a prediction walks one int array.
    private int[] _codes = new int[64];
    private double[] _means = new double[32];
    private int[] _points = new int[64];
    private int _count;
    private int _leaves;
    private int[] _rows = [];
    private int[] _features = [];
    private readonly double[] _weight = new double[32 * K];
    private readonly double[] _sum = new double[32 * K];
    private readonly double[] _squares = new double[32 * K];
    private readonly int[] _pointCount = new int[32 * K];

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
    /// allowed split): it is made a leaf without trying.</remarks>
    public void Fit(ReadOnlySpan<byte> x, ReadOnlySpan<double> y, ReadOnlySpan<int> weights, ReadOnlySpan<int> cardinalities,
        ForestOptions options, Random random)
    {
        int d = cardinalities.Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(d, 32);
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
        var stack = new Stack<(int Node, int Begin, int End, int Level)>();
        stack.Push((NewNodes(1), 0, count, 0));
        while (stack.Count > 0)
        {
            var (node, begin, end, level) = stack.Pop();
            var segment = _rows.AsSpan(begin, end - begin);
            _points[node] = segment.Length;
            if (level < options.MaxDepth && segment.Length >= options.MinSamplesSplit && segment.Length >= 2 * options.MinSamplesLeaf
                && Splittable(segment, y, weights))
            {
                PartialShuffle(_features, tried, random);
                var (feature, leftSet) = BestSplit(segment, x, y, weights, cardinalities, _features.AsSpan(0, tried), options, random);
                if (feature >= 0)
                {
                    int middle = Partition(segment, x, d, feature, leftSet);
                    int left = NewNodes(2);
                    _codes[node] = (left << 8) | (feature << 3) | leftSet;
                    stack.Push((left + 1, begin + middle, end, level + 1));
                    stack.Push((left, begin, begin + middle, level + 1));
                    continue;
                }
            }

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
            // Left (the child at c >> 8) iff the category's bit is set in the left set.
            c = codes[(c >> 8) + (((c & 7) >> configuration[(c >> 3) & 31]) & 1 ^ 1)];
        }

        return _means[~c];
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

    /// <summary>Not pure (some response further than <see cref="ForestOptions.EpsilonPurity"/> from the first) and weighing at
    /// least <see cref="ForestOptions.MinWeightToSplit"/>.</summary>
    private static bool Splittable(ReadOnlySpan<int> segment, ReadOnlySpan<double> y, ReadOnlySpan<int> weights)
    {
        double first = y[segment[0]];
        bool pure = true;
        double weight = 0;
        foreach (int i in segment)
        {
            pure &= Math.Abs(y[i] - first) <= ForestOptions.EpsilonPurity;
            weight += weights[i];
        }

        return !pure && weight >= ForestOptions.MinWeightToSplit;
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

    /// <summary>The left set's points first (pyrfr's <c>std::partition</c>); returns how many go left.</summary>
    private static int Partition(Span<int> segment, ReadOnlySpan<byte> x, int d, int feature, int leftSet)
    {
        int lo = 0, hi = segment.Length - 1;
        while (lo <= hi)
        {
            if (((leftSet >> x[(segment[lo] * d) + feature]) & 1) != 0)
            {
                lo++;
            }
            else
            {
                (segment[lo], segment[hi]) = (segment[hi], segment[lo]);
                hi--;
            }
        }

        return lo;
    }

    /// <summary>The best split over <paramref name="tried"/> (in that order), or Feature = -1 when no feature allows one.</summary>
    private (int Feature, int LeftSet) BestSplit(ReadOnlySpan<int> segment, ReadOnlySpan<byte> x, ReadOnlySpan<double> y,
        ReadOnlySpan<int> weights, ReadOnlySpan<int> cardinalities, ReadOnlySpan<int> tried, ForestOptions options, Random random)
    {
        int d = cardinalities.Length;
        var weight = _weight;
        var sum = _sum;
        var squares = _squares;
        var points = _pointCount;
        foreach (int f in tried)
        {
            for (int c = f * K; c < (f * K) + K; c++)
            {
                (weight[c], sum[c], squares[c], points[c]) = (0, 0, 0, 0);
            }
        }

        foreach (int i in segment)
        {
            double w = weights[i], wy = w * y[i], wyy = wy * y[i];
            var row = x.Slice(i * d, d);
            foreach (int f in tried)
            {
                int c = (f * K) + row[f];
                points[c]++;
                weight[c] += w;
                sum[c] += wy;
                squares[c] += wyy;
            }
        }

        double bestLoss = double.PositiveInfinity;
        int bestFeature = -1, bestPrefix = 0, bestActive = 0;
        Span<int> order = stackalloc int[K];
        Span<int> bestOrder = stackalloc int[K];
        foreach (int f in tried)
        {
            int k = cardinalities[f], at = f * K;
            int active = SortedCategories(weight.AsSpan(at, k), sum.AsSpan(at, k), order);
            if (active < 2)
            {
                continue;
            }

            double totalW = 0, totalS = 0, totalQ = 0;
            int totalN = 0;
            for (int c = at; c < at + k; c++)
            {
                (totalW, totalS, totalQ, totalN) = (totalW + weight[c], totalS + sum[c], totalQ + squares[c], totalN + points[c]);
            }

            double leftW = 0, leftS = 0, leftQ = 0;
            int leftN = 0;
            for (int prefix = 1; prefix < active; prefix++)
            {
                int c = at + order[prefix - 1];
                (leftW, leftS, leftQ, leftN) = (leftW + weight[c], leftS + sum[c], leftQ + squares[c], leftN + points[c]);
                double rightW = totalW - leftW, rightS = totalS - leftS, rightQ = totalQ - leftQ;
                int rightN = totalN - leftN;
                if (leftW < ForestOptions.MinWeightInLeaf || rightW < ForestOptions.MinWeightInLeaf
                    || leftN < options.MinSamplesLeaf || rightN < options.MinSamplesLeaf)
                {
                    continue;
                }

                double loss = Rss(leftW, leftS, leftQ) + Rss(rightW, rightS, rightQ);
                if (loss < bestLoss)
                {
                    (bestLoss, bestFeature, bestPrefix, bestActive) = (loss, f, prefix, active);
                    order.CopyTo(bestOrder);
                }
            }
        }

        if (bestFeature < 0)
        {
            return (-1, 0);
        }

        int set = 0;
        for (int j = 0; j < bestPrefix; j++)
        {
            set |= 1 << bestOrder[j];
        }

        // Categories not seen in the node go left or right by a fair coin each (drawn for the split kept, not for every
        // feature tried: the same distribution).
        for (int j = bestActive; j < cardinalities[bestFeature]; j++)
        {
            if (random.Next(2) == 1)
            {
                set |= 1 << bestOrder[j];
            }
        }

        return (bestFeature, set);
    }

    /// <summary>Σ w (y − mean)² of a group from its sums, never below 0.</summary>
    private static double Rss(double weight, double sum, double squares) => Math.Max(0, squares - (sum * sum / weight));

    /// <summary>Writes the present categories sorted by mean (stable), then the absent ones; returns how many are present.</summary>
    private static int SortedCategories(ReadOnlySpan<double> weight, ReadOnlySpan<double> sum, Span<int> order)
    {
        int active = 0;
        for (int c = 0; c < weight.Length; c++)
        {
            if (weight[c] > 0)
            {
                order[active++] = c;
            }
        }

        int absent = active;
        for (int c = 0; c < weight.Length; c++)
        {
            if (!(weight[c] > 0))
            {
                order[absent++] = c;
            }
        }

        // Insertion sort: stable, as std::sort is on so few elements.
        for (int i = 1; i < active; i++)
        {
            int c = order[i];
            double mean = sum[c] / weight[c];
            int j = i - 1;
            while (j >= 0 && sum[order[j]] / weight[order[j]] > mean)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = c;
        }

        return active;
    }

    /// <summary>Fisher–Yates over the first <paramref name="count"/> places: a uniformly random ordered subset of that size
    /// in front (what pyrfr's full <c>std::shuffle</c> gives its first max_features places).</summary>
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
        double sum = 0;
        for (int i = 0; i < t; i++)
        {
            means[i] = _trees[i].Predict(configuration);
            sum += means[i];
        }

        double mean = sum / t, squares = 0;
        foreach (double m in means)
        {
            squares += (m - mean) * (m - mean);
        }

        double variance = t > 1 ? Math.Max(0, squares / (t - 1)) : double.NaN;
        return (mean, double.IsNaN(variance) || variance < VarianceThreshold ? VarianceThreshold : variance);
    }
}
