using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Query;

/// <summary>
/// The rules every charged query follows, in one place for the query API and the search tables: which epoch
/// budgets exist, which evaluation a halfway query returns, and how many epochs it charges.
/// </summary>
internal static class QueryRules
{
    /// <summary>Throws <see cref="OutOfDomainException"/> unless the budget is 4, 12, 36 or 108 (the reference's message).</summary>
    public static void CheckEpochs(int epochs)
    {
        if (EpochBudgets.SlotOf(epochs) < 0)
        {
            throw new OutOfDomainException($"Invalid number of epochs {epochs}: must be one of {string.Join(", ", EpochBudgets.Valid)}.");
        }
    }

    /// <summary>The evaluation a query returns: halfway (after epochs/2) or final.</summary>
    public static EvaluationMetrics Pick(in RepeatMetrics metrics, bool stopHalfway) => stopHalfway ? metrics.Halfway : metrics.Final;

    /// <summary>The epochs a query charges: half the budget when it stops halfway, as the reference counts them.</summary>
    public static long EpochsCharged(int epochs, bool stopHalfway) => stopHalfway ? epochs / 2 : epochs;

    /// <summary>The repeat a random-repeat query answers with: one draw of <c>Next(3)</c> from the query stream.</summary>
    public static int DrawRepeat(Random random) => random.Next(IBenchmarkData.Repeats);
}
