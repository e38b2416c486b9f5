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
/// </remarks>
internal sealed class BohbModel(BohbSearchOptions options) : IConfigurationSampler
{
    private readonly SortedDictionary<int, BohbObservations> _observations = [];
    private readonly SortedDictionary<int, (CategoricalKde Good, CategoricalKde Bad)> _models = [];
    private readonly HashSet<int> _stale = [];
    private readonly int[] _candidate = new int[CellConfigurations.Count];

    private int MinPoints => options.MinPointsInModel ?? CellConfigurations.Count + 1;

    public void Sample(Random random, Span<int> into)
    {
        var model = Refit();
        if (model is null || random.NextDouble() < options.RandomFraction)
        {
            CellConfigurations.SampleUniform(random, into);
            return;
        }

        var (good, bad) = model.Value;
        double best = double.PositiveInfinity;
        bool found = false;
        var cardinalities = CellConfigurations.Cardinalities;
        for (int i = 0; i < options.NumSamples; i++)
        {
            var datum = good.Row(random.Next(good.Rows));
            for (int d = 0; d < _candidate.Length; d++)
            {
                double bw = Math.Max(good.Bandwidth[d], options.MinBandwidth);
                _candidate[d] = random.NextDouble() < 1 - bw ? datum[d] : random.Next(cardinalities[d]);
            }

            double g = good.Density(_candidate), denominator = Math.Max(g, 1e-32);
            double score = Math.Max(1e-32, bad.Density(_candidate, best, denominator)) / denominator;
            if (!double.IsFinite(score))
            {
                if (double.IsFinite(g))
                {
                    _candidate.CopyTo(into);
                    return;
                }

                continue;
            }

            if (score < best)
            {
                best = score;
                found = true;
                _candidate.CopyTo(into);
            }
        }

        if (!found)
        {
            CellConfigurations.SampleUniform(random, into);
        }
    }

    public void Observe(ReadOnlySpan<int> configuration, int epochs, double loss)
    {
        if (!_observations.TryGetValue(epochs, out var results))
        {
            _observations[epochs] = results = new BohbObservations();
        }

        results.Add(configuration, loss);
        _stale.Add(epochs);
    }

    /// <summary>The model a sample uses: the largest budget's with enough observations, refitted when it has new ones.</summary>
    /// <remarks>bohb.py refits a budget's model after every result, but samples only from the largest budget's: the
    /// models of smaller budgets are never read once a larger one exists, so they are not fitted (a fit is O(n) and a
    /// 10^7-second run has 20,000 results at 4 epochs: fitting them all made the run quadratic). A model exists from
    /// its budget's 2 · min_points-th result on and never disappears, so the chosen model is the one bohb.py samples.</remarks>
    private (CategoricalKde Good, CategoricalKde Bad)? Refit()
    {
        foreach (var (epochs, results) in _observations.Reverse())
        {
            if (!CanFit(results.Count))
            {
                continue;
            }

            if (_stale.Remove(epochs) || !_models.ContainsKey(epochs))
            {
                Fit(epochs, results);
            }

            return _models[epochs];
        }

        return null;
    }

    private bool CanFit(int n) =>
        n >= MinPoints && Math.Max(MinPoints, options.TopNPercent * n / 100) is var nGood && nGood > CellConfigurations.Count
            && Math.Min(n - nGood, Math.Max(MinPoints, (100 - options.TopNPercent) * n / 100)) > CellConfigurations.Count;

    private void Fit(int epochs, BohbObservations results)
    {
        int nGood = Math.Max(MinPoints, options.TopNPercent * results.Count / 100);
        int nBad = Math.Min(results.Count - nGood, Math.Max(MinPoints, (100 - options.TopNPercent) * results.Count / 100));
        _models[epochs] = (CategoricalKde.Fit(results, 0, nGood, options.MinBandwidth), CategoricalKde.Fit(results, nGood, nBad, options.MinBandwidth));
    }
}
