namespace NasBench.Core.Search;

/// <summary>One successive-halving bracket: how many configurations each stage evaluates, at which epoch budget.</summary>
/// <param name="Configurations">Configurations per stage, e.g. 27, 9, 3, 1.</param>
/// <param name="Epochs">The epoch budget of each stage, e.g. 4, 12, 36, 108.</param>
public sealed record HyperbandBracket(IReadOnlyList<int> Configurations, IReadOnlyList<int> Epochs)
{
    /// <summary>Reads as hpbandster logs it: "27×4 9×12 3×36 1×108".</summary>
    public override string ToString() => string.Join(' ', Configurations.Select((n, i) => $"{n}×{Epochs[i]}"));
}

/// <summary>The bracket schedule of hpbandster's <c>HyperBand.get_next_iteration</c>.</summary>
/// <remarks>
/// <code>
/// max_SH_iter = -int(log(min_budget / max_budget) / log(eta)) + 1                      4 for 4…108, η = 3
/// budgets     = max_budget · eta^(-linspace(max_SH_iter - 1, 0, max_SH_iter))          4, 12, 36, 108
/// iteration i: s = max_SH_iter - 1 - (i mod max_SH_iter)
///              n0 = floor(max_SH_iter / (s + 1)) · eta^s
///              ns = [max(int(n0 · eta^(-k)), 1) for k in 0..s];  budgets[-s-1:]
/// </code>
/// For NAS-Bench-101's budgets: 27×4 9×12 3×36 1×108, then 9×12 3×36 1×108, then 6×36 2×108, then 4×108.
/// </remarks>
public static class HyperbandSchedule
{
    /// <summary>The brackets of iterations 0 … max_SH_iter − 1 (the schedule then repeats).</summary>
    public static IReadOnlyList<HyperbandBracket> Brackets(int minEpochs = 4, int maxEpochs = 108, int eta = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(minEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, minEpochs);
        int iterations = -(int)(Math.Log((double)minEpochs / maxEpochs) / Math.Log(eta)) + 1;
        var budgets = new int[iterations];
        for (int k = 0; k < iterations; k++)
        {
            budgets[k] = (int)Math.Round(maxEpochs * Math.Pow(eta, -(iterations - 1 - k)));
        }

        var brackets = new HyperbandBracket[iterations];
        for (int i = 0; i < iterations; i++)
        {
            int s = iterations - 1 - i;
            int n0 = (int)Math.Floor((double)iterations / (s + 1)) * (int)Math.Pow(eta, s);
            int[] ns = [.. Enumerable.Range(0, s + 1).Select(k => Math.Max((int)(n0 * Math.Pow(eta, -k)), 1))];
            brackets[i] = new HyperbandBracket(ns, budgets[^(s + 1)..]);
        }

        return brackets;
    }
}
