namespace NasBench.Core.Search;

/// <summary>
/// The trials of a TPE run, kept so that a suggestion costs O(variables × below set) instead of O(variables × trials):
/// losses in sorted order (stable), and per (variable, category) prefix counts and prefix sums of the trial index,
/// from which the linearly forgotten counts of the above set come in closed form.
/// </summary>
/// <param name="keep">How many of the lowest losses <see cref="Below"/> may be asked for (TPE's cap on the below set): only
/// those are kept in order.</param>
internal sealed class TpeTrials(int keep = int.MaxValue)
{
    /// <summary>Categories a variable may have here (slots per variable in the counts).</summary>
    public const int Categories = 3;

    /// <summary>Number of (variable, category) slots: slot d · <see cref="Categories"/> + k.</summary>
    public const int Slots = CellConfigurations.Count * Categories;
    private readonly List<(double Loss, int Trial)> _sorted = [];
    private readonly List<int[]> _configurations = [];
    private long[] _count = new long[Slots * 64];
    private long[] _sum = new long[Slots * 64];

    public int Count => _configurations.Count;

    public int[] Configuration(int trial) => _configurations[trial];

    public void Add(int[] configuration, double loss)
    {
        int t = _configurations.Count;
        _configurations.Add(configuration);
        // Only the lowest `keep` in order: inserting every trial into one sorted list moved ~6 % of a 10⁷-s run's time
        // (dotnet-trace, /work/bench-home); the first `keep` entries are the same.
        int at = ~_sorted.BinarySearch((loss, int.MaxValue));
        if (at < keep)
        {
            _sorted.Insert(at, (loss, t));
            if (_sorted.Count > keep)
            {
                _sorted.RemoveAt(keep);
            }
        }

        if ((t + 2) * Slots > _count.Length)
        {
            Array.Resize(ref _count, _count.Length * 2);
            Array.Resize(ref _sum, _sum.Length * 2);
        }

        for (int s = 0; s < Slots; s++)
        {
            _count[((t + 1) * Slots) + s] = _count[(t * Slots) + s];
            _sum[((t + 1) * Slots) + s] = _sum[(t * Slots) + s];
        }

        for (int d = 0; d < configuration.Length; d++)
        {
            int s = (d * 3) + configuration[d];
            _count[((t + 1) * Slots) + s]++;
            _sum[((t + 1) * Slots) + s] += t;
        }
    }

    /// <summary>The below trials (the <paramref name="nBelow"/> lowest losses, ties to the earlier trial; at most the
    /// constructor's keep), ascending.</summary>
    public int[] Below(int nBelow) => [.. _sorted.Take(nBelow).Select(x => x.Trial).Order()];

    /// <summary>Adds the linearly forgotten counts over the trials not in <paramref name="below"/> of every (variable,
    /// category) to <paramref name="p"/> (<see cref="Slots"/> entries, slot d · <see cref="Categories"/> + k).</summary>
    /// <remarks>Segment by segment (the above trials between two below trials), every slot at once: each segment's prefix
    /// rows are read once, contiguously, instead of once per variable (the prefix arrays of a 10⁷-s run are megabytes: the
    /// per-variable passes were ~30 % of a TPE run, dotnet-trace, /work/bench-home). Each slot gets the same terms in the
    /// same order as a per-variable pass.</remarks>
    public void AddAboveCounts(int[] below, int cap, Span<double> p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p.Length, Slots);
        int n = Count, m = n - below.Length, ramp = m - cap;
        double a = m == 0 ? 0 : 1.0 / m, b = ramp > 1 ? (1 - a) / (ramp - 1) : 0;
        int start = 0;
        for (int i = 0; i <= below.Length; i++)
        {
            int end = i < below.Length ? below[i] : n;
            int cut = m < cap ? start : Math.Clamp(ramp + i, start, end);   // trials before cut are on the ramp (j = t − i < ramp)
            ReadOnlySpan<long> countStart = Row(_count, start), countCut = Row(_count, cut), countEnd = Row(_count, end);
            ReadOnlySpan<long> sumStart = Row(_sum, start), sumCut = Row(_sum, cut);
            bool onRamp = cut > start, flat = end > cut;
            for (int s = 0; s < Slots; s++)
            {
                long rampCount = onRamp ? countCut[s] - countStart[s] : 0, flatCount = flat ? countEnd[s] - countCut[s] : 0;
                p[s] += (a * rampCount) + (b * ((onRamp ? sumCut[s] - sumStart[s] : 0) - ((long)i * rampCount))) + flatCount;
            }

            start = end + 1;
        }
    }

    private static ReadOnlySpan<long> Row(long[] prefix, int t) => prefix.AsSpan(t * Slots, Slots);

}
