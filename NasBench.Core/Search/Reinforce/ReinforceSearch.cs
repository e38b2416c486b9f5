namespace NasBench.Core.Search;

/// <summary>REINFORCE over independent categorical distributions, as run_rl.py's <c>REINFORCEOptimizer</c>.</summary>
/// <remarks>
/// <code>
/// logits θ_d = 0 for each of the 26 variables (21 edges × 2, 5 operations × 3)
/// while budget left:
///     repeat: x_d ~ softmax(θ_d) for every d; reward = 1 − loss(x) = validation accuracy
///     until reward &gt; 0.001                        invalid samples (loss 1, free) are resampled
///     baseline: num = m·num + (1 − m)·reward;  den = m·den + (1 − m);  b = num / den        m = 0.9
///     advantage = reward − b                       after the baseline has seen this reward
///     θ_d += lr · advantage · (onehot(x_d) − softmax(θ_d))     gradient ascent on advantage · log p(x), lr = 0.1
/// </code>
/// </remarks>
internal sealed class ReinforceSearch(ReinforceSearchOptions options) : ISearchAlgorithm
{
    private readonly double[][] _logits = [.. CellConfigurations.Cardinalities.ToArray().Select(c => new double[c])];
    private readonly int[] _sample = new int[CellConfigurations.Count];

    /// <summary>softmax(θ_d), computed once per update rather than at every draw and again in the update (the same
    /// function of the same θ: the same bits), while invalid samples are resampled from an unchanged θ.</summary>
    private readonly double[][] _probabilities = [.. CellConfigurations.Cardinalities.ToArray().Select(c => new double[c])];
    private bool _stale = true;
    private double _numerator;
    private double _denominator;

    /// <summary>The logits (for tests).</summary>
    internal double[][] Logits => _logits;

    /// <summary>The current baseline.</summary>
    internal double Baseline => _numerator / _denominator;

    public void Run(SearchSession session, Random random)
    {
        while (!session.Exhausted)
        {
            session.ThrowIfCancellationRequested();
            Refresh();
            for (int d = 0; d < _sample.Length; d++)
            {
                _sample[d] = Draw(random, _probabilities[d]);
            }

            double reward = 1 - CellConfigurations.Loss(session, _sample, session.Tables.Epochs);
            if (reward > 0.001)
            {
                Update(_sample, reward);
            }
        }
    }

    /// <summary>One REINFORCE step for a sample and its reward.</summary>
    internal void Update(ReadOnlySpan<int> sample, double reward)
    {
        _numerator = (options.Momentum * _numerator) + ((1 - options.Momentum) * reward);
        _denominator = (options.Momentum * _denominator) + (1 - options.Momentum);
        double advantage = reward - Baseline;
        Refresh();
        for (int d = 0; d < _logits.Length; d++)
        {
            var theta = _logits[d];
            var p = _probabilities[d];
            for (int k = 0; k < theta.Length; k++)
            {
                theta[k] += options.LearningRate * advantage * ((k == sample[d] ? 1 : 0) - p[k]);
            }
        }

        _stale = true;
    }

    private void Refresh()
    {
        if (!_stale)
        {
            return;
        }

        for (int d = 0; d < _logits.Length; d++)
        {
            Softmax(_logits[d], _probabilities[d]);
        }

        _stale = false;
    }

    private static void Softmax(double[] theta, Span<double> p)
    {
        double max = theta[0], total = 0;
        for (int k = 1; k < theta.Length; k++)
        {
            max = theta[k] > max ? theta[k] : max;    // θ holds no NaN: the value Enumerable.Max gives
        }

        for (int k = 0; k < theta.Length; k++)
        {
            p[k] = Math.Exp(theta[k] - max);
            total += p[k];
        }

        for (int k = 0; k < theta.Length; k++)
        {
            p[k] /= total;
        }
    }

    private static int Draw(Random random, double[] p)
    {
        double u = random.NextDouble();
        for (int k = 0; k < p.Length - 1; k++)
        {
            u -= p[k];
            if (u < 0)
            {
                return k;
            }
        }

        return p.Length - 1;
    }
}
