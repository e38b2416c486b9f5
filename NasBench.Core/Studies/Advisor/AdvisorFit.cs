using NasBench.Core.Statistics;
using NasBench.Core.Studies.Transfer;

namespace NasBench.Core.Studies.Advisor;

/// <summary>How well one predictor (the reference accuracy or a proxy) foretells the short trainings on the new dataset.</summary>
/// <param name="Name">The predictor: the reference (cifar10) or a proxy's name.</param>
/// <param name="VsShort">The predictor over the trained cells vs their short-training accuracy: correlations with CIs, top-k overlap, regret, planner.</param>
/// <param name="VsReference">The predictor vs the reference accuracy over the whole pool (null for the reference itself).</param>
/// <param name="Weight">Its weight in the recommendation: Spearman ρ with the short trainings when its 95 % CIs (bootstrap and Bonett–Wright) exclude 0, else 0.</param>
public sealed record PredictorEvidence(string Name, TransferStatisticsResult VsShort, CorrelationResult? VsReference, double Weight);

/// <summary>One recommended cell: its position in the pool, its score (0–1) and its rank.</summary>
public sealed record Recommendation(int Position, double Score, int Rank);

/// <summary>The advisor's fit and recommendation.</summary>
/// <param name="Evidence">Per predictor, in the order given.</param>
/// <param name="Recommended">The cells to train fully, best first.</param>
/// <param name="FellBack">True when no predictor's CI excluded 0: the recommendation is the reference accuracy's ranking alone.</param>
/// <param name="Scores">The score (0–1) of every pool cell, in pool order.</param>
public sealed record AdvisorResult(IReadOnlyList<PredictorEvidence> Evidence, IReadOnlyList<Recommendation> Recommended, bool FellBack, IReadOnlyList<double> Scores);

/// <summary>
/// Fits how the reference (CIFAR-10) accuracy and the proxies predict short trainings on a new dataset, and ranks the
/// pool with that evidence.
/// </summary>
/// <remarks>
/// <code>
/// for each predictor j (reference first, then the proxies), over the trained cells T with short accuracies y:
///     stats_j = TransferStatistics.Compute(x_j[T], y)           # ρ, τ, r with bootstrap CIs, top-k overlap, regret, planner
///     w_j = ρ_j if both its 95 % CIs (bootstrap, Bonett–Wright) exclude 0 else 0   # the bootstrap alone is degenerate at n ≤ 4; a negative ρ counts, inverted
///     ref_j = Correlation(x_j, reference) over the whole pool     # how the predictors agree where nothing is trained
/// if every w_j = 0: w_reference = 1 (FellBack)                   # the seed paper's evidence: CIFAR-10 transfers (ρ 0.85 on FashionMNIST)
/// u_j(c) = the average rank of x_j(c) in the pool, scaled to [0, 1] (1 = highest)
/// score(c) = Σ_j (w_j ≥ 0 ? w_j · u_j(c) : |w_j| · (1 − u_j(c))) / Σ_j |w_j|   # in [0, 1]; a missing u_j adds nothing
/// recommend the `count` cells with the highest score (ties: earlier in the pool)
/// </code>
/// With few trainings the CIs are wide and most weights are 0: the trainings are the evidence, and a small budget buys
/// little of it. The result says so (FellBack, and n in each row), never hides it.
/// </remarks>
public static class AdvisorFit
{
    /// <summary>The fit over <paramref name="predictors"/> (values over the whole pool; the first is the reference) and the
    /// trained cells (<paramref name="trained"/>: pool positions and short-training accuracies), and the <paramref name="count"/> cells to recommend.</summary>
    public static AdvisorResult Fit(IReadOnlyList<(string Name, IReadOnlyList<double> Values)> predictors, IReadOnlyList<(int Position, double Accuracy)> trained,
        int count, int bootstrap = 1000, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(predictors);
        ArgumentNullException.ThrowIfNull(trained);
        if (predictors.Count == 0)
        {
            throw new ArgumentException("The fit needs at least the reference accuracy.", nameof(predictors));
        }

        var reference = predictors[0].Values;
        var y = trained.Select(t => t.Accuracy).ToList();
        var evidence = new List<PredictorEvidence>();
        foreach (var (name, values) in predictors)
        {
            var x = trained.Select(t => values[t.Position]).ToList();
            var finite = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(x[i])).ToList();
            if (finite.Count < 3)
            {
                continue;
            }

            var stats = TransferStatistics.Compute([.. finite.Select(i => x[i])], [.. finite.Select(i => y[i])], bootstrap, seed);
            var rho = stats.Correlation.Spearman;
            var (low, high) = TransferStatistics.Interval(rho.R, stats.N);
            double weight = double.IsFinite(rho.R) && Excludes0(rho.CiLow, rho.CiHigh) && Excludes0(low, high) ? rho.R : 0;
            CorrelationResult? vsReference = evidence.Count == 0 && ReferenceEquals(values, reference) ? null : PoolCorrelation(values, reference, bootstrap, seed);
            evidence.Add(new PredictorEvidence(name, stats, vsReference, weight));
        }

        bool fellBack = evidence.All(e => e.Weight == 0);
        var weights = predictors.ToDictionary(p => p.Name, p => fellBack ? (ReferenceEquals(p.Values, reference) ? 1.0 : 0.0) : evidence.FirstOrDefault(e => e.Name == p.Name)?.Weight ?? 0);
        double total = weights.Values.Sum(Math.Abs);
        var score = new double[reference.Count];
        foreach (var (name, values) in predictors.Where(p => weights[p.Name] != 0))
        {
            double w = weights[name] / total;
            var u = UnitRanks(values);
            for (int c = 0; c < score.Length; c++)
            {
                if (double.IsNaN(u[c]))
                {
                    continue; // no score for this predictor: it neither lifts nor sinks the cell
                }

                score[c] += w >= 0 ? w * u[c] : -w * (1 - u[c]);
            }
        }

        var recommended = Enumerable.Range(0, score.Length).OrderByDescending(c => score[c]).ThenBy(c => c).Take(count)
            .Select((c, i) => new Recommendation(c, score[c], i + 1)).ToList();
        return new AdvisorResult(evidence, recommended, fellBack, score);
    }

    private static bool Excludes0(double low, double high) => low > 0 || high < 0;

    /// <summary>Average ranks scaled to [0, 1], 1 = the highest value; a value that is not finite gets NaN.</summary>
    public static double[] UnitRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = Enumerable.Range(0, values.Count).Where(i => double.IsFinite(values[i])).OrderBy(i => values[i]).ToArray();
        var u = Enumerable.Repeat(double.NaN, values.Count).ToArray();
        for (int a = 0; a < finite.Length;)
        {
            int b = a;
            while (b + 1 < finite.Length && values[finite[b + 1]] == values[finite[a]])
            {
                b++;
            }

            double rank = finite.Length == 1 ? 1 : (a + b) / 2.0 / (finite.Length - 1);
            for (int k = a; k <= b; k++)
            {
                u[finite[k]] = rank;
            }

            a = b + 1;
        }

        return u;
    }

    private static CorrelationResult? PoolCorrelation(IReadOnlyList<double> values, IReadOnlyList<double> reference, int bootstrap, int seed)
    {
        var both = Enumerable.Range(0, values.Count).Where(i => double.IsFinite(values[i]) && double.IsFinite(reference[i])).ToList();
        return both.Count < 3 ? null : Correlation.Compute([.. both.Select(i => values[i])], [.. both.Select(i => reference[i])], Math.Min(bootstrap, 200), seed);
    }
}
