using System.Numerics;
using System.Runtime.InteropServices;

namespace NasBench.Core.Search;

/// <summary>
/// The trials of a TPE run, kept so that a suggestion costs O(variables × below set) instead of O(variables × trials):
/// the lowest losses in sorted order (stable), and per (variable, category) prefix counts and prefix sums of the trial
/// index at the rows a suggestion reads, from which the linearly forgotten counts of the above set come in closed form.
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

    private static readonly double[] Zero = new double[Row];

    // Rows as doubles: counts and sums are integers below 2⁵³ (a sum of trial indices is below n²), so exactly the values
    // long rows would hold, and every difference of them exact; a row is read as whole vectors (see AddAboveCounts).
    // A segment of the above set starts after a below trial and ends at the next one, and the ramp ends inside at most one
    // segment, among the last cap + |below| trials: so only the rows at and after each kept trial (copied when it is kept,
    // dropped when it leaves) and the most recent rows (a ring) are ever read. A row per trial was 10 MB a 10⁷-s run,
    // written once and mostly never read: its page faults and copies were ~20 % of a run (Stopwatch counters,
    // /work/bench-home).
    private readonly int _ringLimit = keep >= (int.MaxValue - 2) / 2 ? int.MaxValue : (2 * keep) + 2;
    private readonly List<double> _lowestLosses = [];
    private readonly List<int> _lowestTrials = [];
    private readonly List<int> _lowestRows = [];        // each kept trial's pair of rows in _kept (before it, after it)
    private readonly Stack<int> _freeRows = new();
    private double[] _kept = new double[2 * Row * 8];
    private double[] _ring = new double[Row * 64];       // row t at t mod (its length / Row), the last of them row Count
    private int[] _configurations = new int[CellConfigurations.Count * 64];

    public int Count { get; private set; }

    /// <summary>The configuration of trial <paramref name="trial"/>.</summary>
    public ReadOnlySpan<int> Configuration(int trial) => _configurations.AsSpan(trial * CellConfigurations.Count, CellConfigurations.Count);

    public void Add(ReadOnlySpan<int> configuration, double loss)
    {
        int t = Count;
        if ((t + 1) * CellConfigurations.Count > _configurations.Length)
        {
            Array.Resize(ref _configurations, _configurations.Length * 2);
        }

        configuration[..CellConfigurations.Count].CopyTo(_configurations.AsSpan(t * CellConfigurations.Count));
        int ringRows = _ring.Length / Row;
        if (t + 1 >= ringRows && ringRows < _ringLimit)
        {
            // Not yet wrapped (it wraps only at its limit): every row stays at its index.
            Array.Resize(ref _ring, (int)Math.Min((long)_ringLimit, 2L * ringRows) * Row);
        }

        var next = RingRow(t + 1);
        RingRow(t).CopyTo(next);
        for (int d = 0; d < CellConfigurations.Count; d++)
        {
            int s = (d * Categories) + configuration[d];
            next[s]++;
            next[Stride + s] += t;
        }

        Count = t + 1;

        // Only the lowest `keep` in order, ties after the earlier trials: inserting every trial into one sorted list moved
        // ~6 % of a 10⁷-s run's time (dotnet-trace, /work/bench-home); the first `keep` entries are the same.
        int at = UpperBound(loss);
        if (at < keep)
        {
            int rows = _freeRows.Count > 0 ? _freeRows.Pop() : _lowestRows.Count;
            if ((rows + 1) * 2 * Row > _kept.Length)
            {
                Array.Resize(ref _kept, _kept.Length * 2);
            }

            RingRow(t).CopyTo(_kept.AsSpan(rows * 2 * Row, Row));
            next.CopyTo(_kept.AsSpan(((rows * 2) + 1) * Row, Row));
            _lowestLosses.Insert(at, loss);
            _lowestTrials.Insert(at, t);
            _lowestRows.Insert(at, rows);
            if (_lowestLosses.Count > keep)
            {
                _freeRows.Push(_lowestRows[keep]);
                _lowestLosses.RemoveAt(keep);
                _lowestTrials.RemoveAt(keep);
                _lowestRows.RemoveAt(keep);
            }
        }
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
    /// category) to <paramref name="p"/> (<see cref="Slots"/> entries, slot d · <see cref="Categories"/> + k).
    /// <paramref name="below"/> comes from <see cref="Below(int)"/>, and <paramref name="cap"/> is at most the constructor's
    /// keep (TPE: both the linear-forgetting constant), so that the ramp's end is among the rows kept.</summary>
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
        ref double into = ref MemoryMarshal.GetReference(p);
        int start = 0;
        ReadOnlySpan<double> rowStart = Zero;
        for (int i = 0; i <= below.Length; i++)
        {
            int end = i < below.Length ? below[i] : n, pair = i < below.Length ? KeptRows(below[i]) : -1;
            var rowEnd = pair >= 0 ? _kept.AsSpan(pair * 2 * Row, Row) : RingRow(n);
            int cut = m < cap ? start : Math.Clamp(ramp + i, start, end);   // trials before cut are on the ramp (j = t − i < ramp)
            var rowCut = cut == start ? rowStart : cut == end ? rowEnd : RingRow(cut);
            ref double countStart = ref MemoryMarshal.GetReference(rowStart);
            ref double countCut = ref MemoryMarshal.GetReference(rowCut);
            ref double countEnd = ref MemoryMarshal.GetReference(rowEnd);
            var va = new Vector<double>(a);
            var vb = new Vector<double>(b);
            var vi = new Vector<double>(i);
            for (int s = 0; s < Stride; s += Vector<double>.Count)
            {
                var rampCount = Vector.LoadUnsafe(ref countCut, (nuint)s) - Vector.LoadUnsafe(ref countStart, (nuint)s);
                var flatCount = Vector.LoadUnsafe(ref countEnd, (nuint)s) - Vector.LoadUnsafe(ref countCut, (nuint)s);
                var rampSum = Vector.LoadUnsafe(ref countCut, (nuint)(Stride + s)) - Vector.LoadUnsafe(ref countStart, (nuint)(Stride + s));
                var term = (va * rampCount) + (vb * (rampSum - (vi * rampCount))) + flatCount;
                (Vector.LoadUnsafe(ref into, (nuint)s) + term).StoreUnsafe(ref into, (nuint)s);
            }

            start = end + 1;
            rowStart = pair >= 0 ? _kept.AsSpan(((pair * 2) + 1) * Row, Row) : default;
        }
    }

    /// <summary>Row <paramref name="t"/> (the counts and index sums of trials 0 … t − 1) from the ring of recent rows.</summary>
    private Span<double> RingRow(int t)
    {
        int ringRows = _ring.Length / Row;
        if (t > Count + 1 || t < Count - ringRows + 1)
        {
            throw new InvalidOperationException($"Row {t} of {Count} trials is no longer kept: the ramp's cap must not exceed the kept trials.");
        }

        return _ring.AsSpan(t % ringRows * Row, Row);
    }

    /// <summary>The index of <paramref name="trial"/>'s pair of rows in <c>_kept</c>.</summary>
    private int KeptRows(int trial)
    {
        int at = CollectionsMarshal.AsSpan(_lowestTrials).IndexOf(trial);
        return at >= 0 ? _lowestRows[at] : throw new ArgumentException($"Trial {trial} is not among the kept lowest losses.", nameof(trial));
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
