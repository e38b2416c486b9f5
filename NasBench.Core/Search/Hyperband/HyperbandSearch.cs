namespace NasBench.Core.Search;

/// <summary>Hyperband and successive halving as hpbandster runs them with one worker (run_hyperband.py, run_bohb.py).</summary>
/// <remarks>
/// <code>
/// for iteration i = 0, 1, …:                            Hyperband: bracket i mod 4; successive halving: bracket 0
///     (n, b) = the bracket's configurations and epoch budgets     e.g. 27, 9, 3, 1 at 4, 12, 36, 108
///     stage 0: n[0] times: c = sampler.sample(); loss(c) = query(c, b[0])   sampled one at a time (BOHB's model
///                                                                             learns from every result)
///     stage k &gt; 0: keep the n[k] of stage k-1 with the lowest loss (ranks = argsort(argsort(losses)) &lt; n[k])
///                  loss(c) = query(c, b[k])          no resume: the full cost of b[k] epochs is charged again
/// query(c, b): loss = 1 − validation accuracy at b epochs, its training_time charged; an invalid configuration
///              (more than 9 edges, or invalid) is loss 1 at no cost, as NASCifar10A answers it
/// the session keeps the incumbent by validation at whatever budget; regret is measured at 108 epochs
/// </code>
/// The run ends when the budget is spent, mid-bracket; the token is observed on every evaluation, charged or not.
/// </remarks>
internal sealed class HyperbandSearch(HyperbandSearchOptions options, IConfigurationSampler sampler) : ISearchAlgorithm
{
    public void Run(SearchSession session, Random random)
    {
        var brackets = options.Brackets();
        for (int iteration = 0; !session.Exhausted; iteration++)
        {
            session.ThrowIfCancellationRequested();
            RunBracket(session, random, brackets[options.SuccessiveHalving ? 0 : iteration % brackets.Count]);
        }
    }

    private void RunBracket(SearchSession session, Random random, HyperbandBracket bracket)
    {
        int n0 = bracket.Configurations[0];
        var configurations = new int[n0][];
        var losses = new double[n0];
        for (int i = 0; i < n0; i++)
        {
            if (session.Exhausted)
            {
                return;
            }

            configurations[i] = new int[CellConfigurations.Count];
            sampler.Sample(random, configurations[i]);
            losses[i] = Evaluate(session, configurations[i], bracket.Epochs[0]);
        }

        int[] alive = [.. Enumerable.Range(0, n0)];
        for (int stage = 1; stage < bracket.Configurations.Count; stage++)
        {
            alive = Survivors(alive, losses, bracket.Configurations[stage]);
            foreach (int c in alive)
            {
                if (session.Exhausted)
                {
                    return;
                }

                losses[c] = Evaluate(session, configurations[c], bracket.Epochs[stage]);
            }
        }
    }

    /// <summary>The <paramref name="keep"/> configurations of <paramref name="alive"/> with the lowest loss, in their order (ties: the earlier).</summary>
    internal static int[] Survivors(int[] alive, double[] losses, int keep)
    {
        var ranked = alive.OrderBy(c => losses[c]).Take(keep).ToHashSet();
        return [.. alive.Where(ranked.Contains)];
    }

    private double Evaluate(SearchSession session, int[] configuration, int epochs)
    {
        session.ThrowIfCancellationRequested();
        double loss = CellConfigurations.Loss(session, configuration, epochs, sampler.MaxFree);
        sampler.Observe(configuration, epochs, loss);
        return loss;
    }
}
