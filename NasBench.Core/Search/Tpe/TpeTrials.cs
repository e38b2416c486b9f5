using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NasBench.Core.Search;

/// <summary>
/// The trials of a TPE run, kept so that a suggestion costs O(variables × below set) instead of O(variables × trials):
/// losses in sorted order (stable), and per (variable, category) prefix counts and prefix sums of the trial index,
/// from which the linearly forgotten counts of the above set come in closed form.
/// </summary>
/// <param name="keep">How many of the lowest losses <see cref="Below(int)"/> may be asked for (TPE's cap on the below set):
/// only those are kept in order.</param>
internal sealed class TpeTrials(int keep = int.MaxValue)
{
    /// <summary>Categories a variable may have here (slots per variable in the counts).</summary>
    public const int Categories = 3;

    /// <summary>Number of (variable, category) slots: slot d · <see cref="Categories"/> + k.</summary>
    public const int Slots = CellConfigurations.Count * Categories;

    /// <summary><see cref="Slots"/> rounded up to whole vectors of doubles (the padding slots stay 0): the length of a
    /// prefix row, and of the span <see cref="AddAboveCounts"/> fills without a copy.</summary>
    public const int Stride = 80;

    private const int Row = 2 * Stride;   // a trial's prefix row: Stride counts, then Stride sums of the trial index

    private readonly List<double> _lowestLosses = [];
    private readonly List<int> _lowestTrials = [];
    private int[] _configurations = new int[CellConfigurations.Count * 64];

    // Counts and sums as doubles: integers below 2⁵³ (a sum of trial indices is below n²), so exactly the values the long
    // prefix arrays held, and every difference of them exact; a row is read as whole vectors (see AddAboveCounts).
    private double[] _prefix = new double[Row * 64];

    public int Count { get; private set; }

    /// <summary>The configuration of trial <paramref name="trial"/>.</summary>
    public ReadOnlySpan<int> Configuration(int trial) => _configurations.AsSpan(trial * CellConfigurations.Count, CellConfigurations.Count);

    public void Add(ReadOnlySpan<int> configuration, double loss)
    {
        int t = Count;
        // Only the lowest `keep` in order, ties after the earlier trials: inserting every trial into one sorted list moved
        // ~6 % of a 10⁷-s run's time (dotnet-trace, /work/bench-home); the first `keep` entries are the same.
        int at = UpperBound(loss);
        if (at < keep)
        {
            _lowestLosses.Insert(at, loss);
            _lowestTrials.Insert(at, t);
            if (_lowestLosses.Count > keep)
            {
                _lowestLosses.RemoveAt(keep);
                _lowestTrials.RemoveAt(keep);
            }
        }

        if ((t + 1) * CellConfigurations.Count > _configurations.Length)
        {
            Array.Resize(ref _configurations, _configurations.Length * 2);
        }

        configuration[..CellConfigurations.Count].CopyTo(_configurations.AsSpan(t * CellConfigurations.Count));
        if ((t + 2) * Row > _prefix.Length)
        {
            Array.Resize(ref _prefix, _prefix.Length * 2);
        }

        var next = _prefix.AsSpan((t + 1) * Row, Row);
        _prefix.AsSpan(t * Row, Row).CopyTo(next);
        for (int d = 0; d < CellConfigurations.Count; d++)
        {
            int s = (d * Categories) + configuration[d];
            next[s]++;
            next[Stride + s] += t;
        }

        Count = t + 1;
    }

    /// <summary>The below trials (the <paramref name="nBelow"/> lowest losses, ties to the earlier trial; at most the
    /// constructor's keep), ascending.</summary>
    public int[] Below(int nBelow)
    {
        var below = new int[Math.Min(nBelow, _lowestTrials.Count)];
        Below(below);
        return below;
    }

    /// <summary>Fills <paramref name="into"/> with the <c>into.Length</c> lowest-loss trials, ascending (no allocation).</summary>
    public void Below(Span<int> into)
    {
        CollectionsMarshal.AsSpan(_lowestTrials)[..into.Length].CopyTo(into);
        into.Sort();
    }

    /// <summary>Adds the linearly forgotten counts over the trials not in <paramref name="below"/> of every (variable,
    /// category) to <paramref name="p"/> (<see cref="Slots"/> entries, slot d · <see cref="Categories"/> + k).</summary>
    /// <remarks>Segment by segment (the above trials between two below trials), every slot at once: each segment's prefix
    /// rows are read once, contiguously, instead of once per variable (the prefix arrays of a 10⁷-s run are megabytes: the
    /// per-variable passes were ~30 % of a TPE run, dotnet-trace, /work/bench-home). Each slot gets the same terms in the
    /// same order as a per-variable pass: per segment i, p += a·ramp count + b·(ramp index sum − i·ramp count) + flat
    /// count, where a count or sum over no trials is the difference of one row with itself, 0. The slots are independent,
    /// so a vector of slots does each slot's operations in the same order (no fused multiply-add): the same bits as one
    /// slot at a time, at ~1/4 of the time (a 10⁷-s run's above counts: Stopwatch counters, /work/bench-home).</remarks>
    public void AddAboveCounts(ReadOnlySpan<int> below, int cap, Span<double> p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p.Length, Slots);
        if (p.Length < Stride)
        {
            Span<double> padded = stackalloc double[Stride];
            p.CopyTo(padded);
            AddAboveCounts(below, cap, padded);
            padded[..p.Length].CopyTo(p);
            return;
        }

        int n = Count, m = n - below.Length, ramp = m - cap;
        double a = m == 0 ? 0 : 1.0 / m, b = ramp > 1 ? (1 - a) / (ramp - 1) : 0;
        ref double prefix = ref MemoryMarshal.GetArrayDataReference(_prefix);
        ref double into = ref MemoryMarshal.GetReference(p);
        int start = 0;
        for (int i = 0; i <= below.Length; i++)
        {
            int end = i < below.Length ? below[i] : n;
            int cut = m < cap ? start : Math.Clamp(ramp + i, start, end);   // trials before cut are on the ramp (j = t − i < ramp)
            ref double rowStart = ref Unsafe.Add(ref prefix, start * Row);
            ref double rowCut = ref Unsafe.Add(ref prefix, cut * Row);
            ref double rowEnd = ref Unsafe.Add(ref prefix, end * Row);
            var va = new Vector<double>(a);
            var vb = new Vector<double>(b);
            var vi = new Vector<double>(i);
            for (int s = 0; s < Stride; s += Vector<double>.Count)
            {
                var countStart = Vector.LoadUnsafe(ref rowStart, (nuint)s);
                var countCut = Vector.LoadUnsafe(ref rowCut, (nuint)s);
                var countEnd = Vector.LoadUnsafe(ref rowEnd, (nuint)s);
                var sumStart = Vector.LoadUnsafe(ref rowStart, (nuint)(Stride + s));
                var sumCut = Vector.LoadUnsafe(ref rowCut, (nuint)(Stride + s));
                var rampCount = countCut - countStart;
                var flatCount = countEnd - countCut;
                var term = (va * rampCount) + (vb * ((sumCut - sumStart) - (vi * rampCount))) + flatCount;
                (Vector.LoadUnsafe(ref into, (nuint)s) + term).StoreUnsafe(ref into, (nuint)s);
            }

            start = end + 1;
        }
    }

    /// <summary>The number of kept losses at or below <paramref name="loss"/> (<see cref="double.CompareTo(double)"/>).</summary>
    private int UpperBound(double loss)
    {
        int lo = 0, hi = _lowestLosses.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_lowestLosses[mid].CompareTo(loss) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
