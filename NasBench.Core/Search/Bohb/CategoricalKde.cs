using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NasBench.Core.Search;

/// <summary>statsmodels' <c>KDEMultivariate</c> with every variable unordered ('u') and the normal-reference bandwidth.</summary>
/// <remarks>
/// A row's kernel product is C · Π over the variables where it matches x of r_d, with m_d = bw_d / (levels_d − 1),
/// C = Π m_d and r_d = (1 − bw_d) / m_d; so one vector compare per distinct row gives the match mask and a few table look-ups
/// its product (the same numbers as the direct product, in another order): for 17 to 26 variables (BOHB's 26) three, of
/// 8, 8 and up to 10 bits of the mask (<see cref="Product"/>); else 7 bits each. Up to 32 variables of at most 4 categories.
/// </remarks>
internal sealed class CategoricalKde
{
    private const int Values = 4;
    private const int RowBytes = BohbObservations.RowBytes;
    private readonly BohbObservations _observations;
    private readonly int _dims;
    private readonly int[] _oneLevel;
    private readonly double[] _ratio;
    private readonly int[] _chunkBits;
    private readonly int[] _chunkOffsets;
    private readonly bool _three;
    private readonly double[] _table;
    private readonly int[,] _counts;
    private int _start;
    private int _count;
    private int _distinct;
    private byte[] _packed = [];
    private double[] _weights = [];
    private Vector256<byte> _onlyValues;
    private uint _oneLevelMask;
    private double _scale;

    // Incremental updates (Update, Move): each configuration's slot + 1 (0: absent) and each slot's configuration; the
    // minimum bandwidth of the fit; rows appended or emptied since the last Order, and the probe it ordered by.
    private double _minBandwidth;
    private int[] _slotOf = [];
    private int[] _idOfSlot = [];
    private int _appended;
    private int _emptied;
    private Vector256<byte>? _near;

    // Order's scratch, swapped with the rows it reorders.
    private int[] _keys = [];
    private byte[] _packedScratch = [];
    private double[] _weightsScratch = [];
    private int[] _idScratch = [];

    // Floor's table: log(ratio_d) · count_d(v) / W, set at the first Floor after a fit.
    private double[] _logMeans = [];
    private bool _floorAvailable;
    private bool _logMeansFresh;

    private CategoricalKde(BohbObservations observations, int dims)
    {
        (_observations, _dims) = (observations, dims);
        _oneLevel = new int[dims];
        _ratio = new double[dims];
        _counts = new int[dims, Values];
        Bandwidth = new double[dims];
        KeepProbability = new double[dims];
        // Three chunks of 8, 8 and dims − 16 bits (tables of 256, 256 and up to 1,024 entries at 0, 256 and 512): one look-up
        // and one product fewer per row than four of 7 bits, ~4 % of a BOHB run (3 alternated pairs of 20 runs to 10⁷ s,
        // /work/bench-home).
        _three = dims is > 16 and <= 26;
        _chunkBits = _three ? [8, 8, dims - 16] : [.. Enumerable.Repeat(7, (dims + 6) / 7)];
        _chunkOffsets = new int[_chunkBits.Length];
        int size = 0;
        for (int c = 0; c < _chunkBits.Length; c++)
        {
            (_chunkOffsets[c], size) = (size, size + (1 << _chunkBits[c]));
        }

        _table = new double[size];
    }

    /// <summary>Sets the per-variable constants and the look-up tables from <see cref="Bandwidth"/> and the category counts.</summary>
    /// <remarks>A table entry is the product of the ratios of its mask's set bits, lowest bit first (each unset bit's factor
    /// 1 is exact): built as the entry without the highest bit times the highest bit's ratio, the same products in the
    /// same order as a loop over the bits, so the same bits (the tables were rebuilt with 3,600 products per fit). The
    /// chunks' tables lie one after the other in one array, so a sum loop needs one base address.</remarks>
    private void SetUp()
    {
        _scale = 1;
        _oneLevelMask = 0;
        Span<byte> onlyValues = stackalloc byte[32];
        for (int d = 0; d < _dims; d++)
        {
            int levels = 0, only = -1;
            for (int v = 0; v < Values; v++)
            {
                if (_counts[d, v] > 0)
                {
                    levels++;
                    only = v;
                }
            }

            _oneLevel[d] = levels == 1 ? only : -1;
            _oneLevelMask |= levels == 1 ? 1u << d : 0;
            double mismatch = levels == 1 ? 1 : Bandwidth[d] / (levels - 1);
            _scale *= mismatch;
            _ratio[d] = (1 - Bandwidth[d]) / mismatch;
            KeepProbability[d] = 1 - Bandwidth[d];
            onlyValues[d] = (byte)Math.Max(_oneLevel[d], 0);
        }

        _onlyValues = Vector256.Create<byte>(onlyValues);
        _logMeansFresh = false;
        for (int c = 0, first = 0; c < _chunkBits.Length; first += _chunkBits[c++])
        {
            var table = _table.AsSpan(_chunkOffsets[c], 1 << _chunkBits[c]);
            table[0] = 1;
            for (int mask = 1; mask < table.Length; mask++)
            {
                int high = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)mask);
                table[mask] = first + high < _dims ? table[mask & ~(1 << high)] * _ratio[first + high] : table[mask & ~(1 << high)];
            }
        }
    }

    /// <summary>The integer form of <c>u &lt; p</c> for a uniform u = v · 2⁻³² (v a uniform 32-bit integer): v · 2⁻³² &lt; p ⇔
    /// v &lt; p · 2³² (exact: a power-of-two scaling) ⇔ v &lt; ⌈p · 2³²⌉ for an integer v; 0 (never) where p ≤ 0 or is NaN,
    /// 2³² (always) where p ≥ 1.</summary>
    internal static ulong Threshold(double p)
    {
        double scaled = Math.Ceiling(p * 4294967296.0);
        return scaled > 0 ? (ulong)Math.Min(scaled, 4294967296.0) : 0;
    }

    /// <summary>The bandwidth of each variable (after the clip at the minimum).</summary>
    public double[] Bandwidth { get; }

    /// <summary>1 − bw_d: the probability that BOHB's sampling keeps variable d of the datum.</summary>
    public double[] KeepProbability { get; }

    /// <summary>Number of observations.</summary>
    public int Rows => _count;

    /// <summary>Observation <paramref name="r"/>.</summary>
    /// <remarks>Read from the results it was fitted to: valid until they change (BOHB refits a model before it samples from
    /// it again).</remarks>
    public int[] Row(int r) => _observations.Configuration(_observations.IdAt(_start + r));

    /// <summary>Observation <paramref name="r"/> packed as <see cref="Sum"/> reads rows (one byte per variable, 0xFF past the last).</summary>
    public ReadOnlySpan<byte> PackedRow(int r) => _observations.Packed(_observations.IdAt(_start + r));

    /// <summary>Fits with bw_d = 1.06 · std_d · n^(−1/(4 + dims)) (population std), clipped below at <paramref name="minBandwidth"/>.</summary>
    public static CategoricalKde Fit(int[][] rows, double minBandwidth, Vector256<byte>? nearFirst = null)
    {
        var observations = new BohbObservations();
        foreach (var row in rows)
        {
            observations.Add(row, 0);    // equal losses keep the order
        }

        return Fit(observations, 0, rows.Length, minBandwidth, nearFirst);
    }

    /// <summary><see cref="Fit(int[][], double, Vector256{byte}?)"/> on the results of ranks <paramref name="start"/> … <paramref name="start"/> +
    /// <paramref name="count"/> − 1 of <paramref name="observations"/>.</summary>
    /// <remarks>Identical rows (BOHB's good and bad sets repeat configurations) are kept once, in the order of their first
    /// occurrence, weighted by their count: the order the density sums them in.</remarks>
    public static CategoricalKde Fit(BohbObservations observations, int start, int count, double minBandwidth, Vector256<byte>? nearFirst = null)
    {
        var kde = new CategoricalKde(observations, observations.Configuration(observations.IdAt(start)).Length);
        kde.Refit(start, count, minBandwidth, nearFirst);
        return kde;
    }

    /// <summary>Fits this density again, to the results of ranks <paramref name="start"/> … <paramref name="start"/> +
    /// <paramref name="count"/> − 1 of the same observations (as <see cref="Fit(BohbObservations, int, int, double, Vector256{byte}?)"/>),
    /// reusing its buffers.</summary>
    /// <remarks>BOHB refits its two densities before nearly every sample (12,000 fits per 10⁷-s run); new arrays for each
    /// fit were ~55 kB, 1.3 GB per 3 runs, and the collections they caused ~10 % of a run (dotnet-trace, /work/bench-home).
    /// The distinct rows are then put in the order of <see cref="Order"/> (by <paramref name="nearFirst"/> where given).</remarks>
    public void Refit(int start, int count, double minBandwidth, Vector256<byte>? nearFirst = null)
    {
        var observations = _observations;
        (_start, _count) = (start, count);
        var ranked = observations.Ranked(start, count);
        Reserve(count);
        ForgetSlots();
        _minBandwidth = minBandwidth;

        // One pass: a result's id either starts a new distinct row (its packed row copied as one vector, weight 1) or adds
        // one to the weight of the row it repeats; the category counts tallied on the way.
        var (stamps, slots) = observations.Stamps;
        var rows = observations.PackedRows;
        var (weights, packed) = (_weights, _packed);
        Array.Clear(_counts);
        Span<Vector256<byte>> tally = stackalloc Vector256<byte>[Values];
        int unique = 0, stamp = observations.NewStamp();
        ref byte rowsStart = ref MemoryMarshal.GetArrayDataReference(rows);
        for (int i = 0; i < ranked.Length; i++)
        {
            // Ids come from the observations, whose packed rows hold every id: an unchecked load.
            int id = ranked[i];
            var row = Vector256.LoadUnsafe(ref rowsStart, (nuint)(uint)id * BohbObservations.RowBytes);
            if (stamps[id] != stamp)
            {
                (stamps[id], slots[id], _idOfSlot[unique]) = (stamp, unique, id);
                row.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(packed), (nuint)(uint)unique * BohbObservations.RowBytes);
                weights[unique++] = 1;
            }
            else
            {
                weights[slots[id]]++;
            }

            // Per-variable category counts, 255 rows at a time in byte lanes (a match is −1: subtracting it adds one).
            for (int v = 0; v < Values; v++)
            {
                tally[v] -= Vector256.Equals(row, Vector256.Create((byte)v));
            }

            if (i % 255 == 254 || i == count - 1)
            {
                for (int v = 0; v < Values; v++)
                {
                    for (int d = 0; d < _dims; d++)
                    {
                        _counts[d, v] += tally[v][d];
                    }

                    tally[v] = default;
                }
            }
        }

        _distinct = unique;
        (_appended, _emptied) = (0, 0);
        Bandwidths(_counts, count, minBandwidth, Bandwidth);
        SetUp();
        Order(nearFirst);
    }

    /// <summary>Moves this density to the results of ranks <paramref name="start"/> … <paramref name="start"/> +
    /// <paramref name="count"/> − 1 after one result was inserted at rank <paramref name="inserted"/> (ranks after the
    /// insertion; the density covered its range in the ranks before it): the results that entered the range are added, those
    /// that left it taken out. <see cref="Commit"/> then sets the bandwidths and tables.</summary>
    /// <remarks>
    /// bohb.py refits both densities from the sorted results after every result; one insertion moves O(1) results across the
    /// range's ends, so the same multiset of rows (and the same integer counts, so the same bandwidths) comes from O(1) work
    /// instead of a pass over all results (the full refits were a quarter of a BOHB run: Stopwatch, 10 runs to 10⁷ s on
    /// /work/bench-home). A row whose weight falls to 0 stays until the next <see cref="Order"/> (its terms add 0); rows new
    /// to the density are appended. The density then sums the same terms in another order, so its last bits may differ
    /// from a fresh fit's.
    /// </remarks>
    public void Update(int inserted, int start, int count)
    {
        int oldStart = _start, oldEnd = _start + _count, end = start + count, n = _observations.Count;
        Span<int> ranks = stackalloc int[16];
        int m = 0;
        ranks[m++] = inserted;
        for (int j = Math.Min(oldStart, start) - 1; j <= Math.Max(oldStart, start) + 1 && m < 8; j++)
        {
            ranks[m++] = j;
        }

        for (int j = Math.Min(oldEnd, end) - 1; j <= Math.Max(oldEnd, end) + 1 && m < 16; j++)
        {
            ranks[m++] = j;
        }

        if (Math.Abs(oldStart - start) > 4 || Math.Abs(oldEnd - end) > 9)
        {
            throw new ArgumentException($"A range moved from {oldStart}…{oldEnd} to {start}…{end} in one insertion: refit instead.");
        }

        ranks = ranks[..m];
        ranks.Sort();
        for (int i = 0; i < ranks.Length; i++)
        {
            int j = ranks[i];
            if (j < 0 || j >= n || (i > 0 && ranks[i - 1] == j))
            {
                continue;
            }

            // Rank j after the insertion held rank j − [j > inserted] before it (the inserted result had none).
            int before = j - (j > inserted ? 1 : 0);
            bool was = j != inserted && before >= oldStart && before < oldEnd, now = j >= start && j < end;
            if (now != was)
            {
                Move(_observations.IdAt(j), now ? 1 : -1);
            }
        }

        if (_count != count)
        {
            throw new InvalidOperationException($"The density holds {_count} results after the insertion at rank {inserted}, not {count}.");
        }

        _start = start;
    }

    /// <summary>After <see cref="Update"/>s: the bandwidths, tables and floor from the counts, as a fit sets them, and the rows
    /// put in the order of <see cref="Order"/> again when a tenth of them were appended or emptied since, or
    /// <paramref name="nearFirst"/> changed.</summary>
    public void Commit(Vector256<byte>? nearFirst = null)
    {
        Bandwidths(_counts, _count, _minBandwidth, Bandwidth);
        SetUp();
        if ((_appended + _emptied) * 10 > _distinct || nearFirst.HasValue != _near.HasValue || (nearFirst.HasValue && nearFirst.Value != _near!.Value))
        {
            Order(nearFirst);
        }
    }

    /// <summary>Adds (<paramref name="by"/> = 1) or takes out (−1) one result of configuration <paramref name="id"/>.</summary>
    private void Move(int id, int by)
    {
        var row = _observations.Packed(id);
        for (int d = 0; d < _dims; d++)
        {
            _counts[d, row[d]] += by;
        }

        _count += by;
        if (_slotOf.Length <= id)
        {
            Array.Resize(ref _slotOf, Math.Max(_slotOf.Length * 2, id + 1));
        }

        int slot = _slotOf[id] - 1;
        if (slot < 0)
        {
            if (by < 0)
            {
                throw new InvalidOperationException($"Configuration {id} is not in this density.");
            }

            Reserve(_distinct + 1);
            slot = _distinct++;
            (_slotOf[id], _idOfSlot[slot], _weights[slot]) = (slot + 1, id, 0);
            row.CopyTo(_packed.AsSpan(slot * BohbObservations.RowBytes));
            _appended++;
        }

        _weights[slot] += by;
        _emptied += _weights[slot] == 0 ? 1 : 0;
    }

    /// <summary>Room for <paramref name="rows"/> distinct rows in every per-row buffer (contents kept).</summary>
    private void Reserve(int rows)
    {
        if (_weights.Length >= rows)
        {
            return;
        }

        int size = Math.Max(rows * 2, 64);
        Array.Resize(ref _packed, size * BohbObservations.RowBytes);
        Array.Resize(ref _weights, size);
        Array.Resize(ref _idOfSlot, size);
        (_keys, _packedScratch, _weightsScratch, _idScratch) = (new int[size], new byte[size * BohbObservations.RowBytes], new double[size], new int[size]);
    }

    /// <summary>Clears the slot of every configuration this density holds (before a full fit).</summary>
    private void ForgetSlots()
    {
        for (int s = 0; s < _distinct; s++)
        {
            _slotOf[_idOfSlot[s]] = 0;
        }

        if (_slotOf.Length < _observations.IdCount)
        {
            Array.Resize(ref _slotOf, Math.Max(_slotOf.Length * 2, _observations.IdCount));
        }
    }

    /// <summary>The value most rows take in each variable (the lowest on a tie), as a <see cref="Probe"/>: the centre of the
    /// rows, where BOHB's candidates (drawn around the good rows) mostly lie.</summary>
    public Vector256<byte> Mode()
    {
        Span<byte> mode = stackalloc byte[32];
        mode.Fill(0xFE);
        for (int d = 0; d < _dims; d++)
        {
            int best = 0;
            for (int v = 1; v < Values; v++)
            {
                best = _counts[d, v] > _counts[d, best] ? v : best;
            }

            mode[d] = (byte)best;
        }

        return Vector256.Create<byte>(mode);
    }

    /// <summary>Puts the distinct rows in the order of their number of variables equal to <paramref name="nearFirst"/>, most
    /// first (a stable counting sort, O(rows); without it, in their present order), and drops the rows of weight 0;
    /// <see cref="Row"/> and <see cref="PackedRow"/> are unaffected.</summary>
    /// <remarks>
    /// Any order of the rows gives the density (the sum's last bits depend on it, as sums do), and a partial sum is a lower
    /// bound of the full sum in the same order (positive terms). <c>BohbModel.Lowest</c> drops a candidate as soon as its
    /// partial sum of l clears the bar, so the rows that weigh most for the candidates should come first: a row's kernel
    /// product grows with the variables it shares with the candidate, and the candidates are drawn around the good rows,
    /// whose <see cref="Mode"/> is nearFirst. Measured with the final bar known (5 runs to 10⁷ s on /work/bench-home), the
    /// rows needed to decide the losers: 9.2 M in loss order, 4.5 M ordered by the product at the mode, 2.6 M if each
    /// candidate had its own best order (a sort per candidate). In the runs, SumLanes' rows fell from 1,078 M to 716 M.
    /// </remarks>
    private void Order(Vector256<byte>? nearFirst)
    {
        int n = _distinct;
        CheckRows(0, n);
        var near = nearFirst.GetValueOrDefault();
        Span<int> buckets = stackalloc int[RowBytes + 2];
        buckets.Clear();
        ref byte rows = ref MemoryMarshal.GetArrayDataReference(_packed);
        ref double weights = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref int keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        for (int r = 0; r < n; r++)
        {
            // Key: the variables unlike nearFirst (0 for all without it); RowBytes + 1 drops the row.
            int key = Unsafe.Add(ref weights, r) == 0 ? RowBytes + 1
                : nearFirst.HasValue ? RowBytes - System.Numerics.BitOperations.PopCount(Vector256.Equals(Vector256.LoadUnsafe(ref rows, (nuint)(uint)r * 32), near).ExtractMostSignificantBits())
                : 0;
            Unsafe.Add(ref keys, r) = key;
            buckets[key]++;
        }

        int kept = n - buckets[RowBytes + 1];
        for (int b = 0, at = 0; b < buckets.Length; b++)
        {
            (buckets[b], at) = (at, at + buckets[b]);
        }

        // Unchecked (n rows checked once): with span copies and a checked loop this pass cost a quarter of what it saved.
        ref byte scratch = ref MemoryMarshal.GetArrayDataReference(_packedScratch);
        ref double weightsScratch = ref MemoryMarshal.GetArrayDataReference(_weightsScratch);
        ref int ids = ref MemoryMarshal.GetArrayDataReference(_idOfSlot);
        ref int idsScratch = ref MemoryMarshal.GetArrayDataReference(_idScratch);
        for (int r = 0; r < n; r++)
        {
            int to = buckets[Unsafe.Add(ref keys, r)]++;
            Vector256.LoadUnsafe(ref rows, (nuint)(uint)r * 32).StoreUnsafe(ref scratch, (nuint)(uint)to * 32);
            Unsafe.Add(ref weightsScratch, to) = Unsafe.Add(ref weights, r);
            Unsafe.Add(ref idsScratch, to) = Unsafe.Add(ref ids, r);
        }

        (_packed, _packedScratch) = (_packedScratch, _packed);
        (_weights, _weightsScratch) = (_weightsScratch, _weights);
        (_idOfSlot, _idScratch) = (_idScratch, _idOfSlot);
        for (int r = 0; r < n; r++)
        {
            _slotOf[_idOfSlot[r]] = r < kept ? r + 1 : 0;
        }

        (_distinct, _appended, _emptied, _near) = (kept, 0, 0, nearFirst);
    }

    /// <remarks>n^(−1/(4 + dims)) is the same for every variable: computed once (the same bits as per variable).</remarks>
    private static void Bandwidths(int[,] counts, int n, double minBandwidth, double[] bandwidth)
    {
        int dims = counts.GetLength(0);
        double shrink = Math.Pow(n, -1.0 / (4 + dims));
        for (int d = 0; d < dims; d++)
        {
            double mean = 0, square = 0;
            for (int v = 0; v < Values; v++)
            {
                mean += (double)v * counts[d, v] / n;
            }

            for (int v = 0; v < Values; v++)
            {
                square += (v - mean) * (v - mean) * counts[d, v];
            }

            bandwidth[d] = Math.Max(1.06 * Math.Sqrt(square / n) * shrink, minBandwidth);
        }
    }

    /// <summary>pdf(x) = mean over rows of Π_d (x_d = row_d ? 1 − bw_d : bw_d / (levels_d − 1)), Aitchison–Aitken.</summary>
    /// <remarks>As in statsmodels, levels_d counts the distinct values of column d in the data: a column with one value
    /// gives bw/0 = ∞ for any other value (bohb.py then takes such a candidate at once if l is finite).</remarks>
    public double Density(ReadOnlySpan<int> x) => IsOutside(x) ? double.PositiveInfinity : Value(Sum(Probe(x), 0, DistinctRows, 0));

    /// <summary>A lower bound of <see cref="Sum"/> over all distinct rows for <paramref name="probe"/> (inside the support: not
    /// <see cref="IsOutside(Vector256{byte})"/>), without summing: 0 where the bound is not available.</summary>
    /// <remarks>
    /// The sum is Σ_r w_r · Π_{d: x_d = r_d} ratio_d over the rows (weights w_r, total W = the number of results). By the
    /// inequality of arithmetic and geometric means,
    /// <code>
    /// Σ_r w_r · P_r ≥ W · exp( Σ_r w_r · log P_r / W ) = W · exp( Σ_d log(ratio_d) · count_d(x_d) / W )
    /// </code>
    /// with count_d(v) the results whose variable d is v: 26 look-ups of a table set at each fit. In floating point the sum of
    /// n positive terms, each its weight times at most 32 ratios with at most 32 roundings, is at least
    /// (1 − (n + 32) · 2⁻⁵³) times its exact value, and the bound's own rounding (26 terms and exp) is below 10⁻¹²: the bound
    /// is lowered by 10⁻⁹, which covers both for up to 10⁶ rows. It drops about half of BOHB's candidates before any row is summed (5 runs to 10⁷ s on /work/bench-home).
    /// </remarks>
    public double Floor(Vector256<byte> probe)
    {
        if (!_logMeansFresh)
        {
            SetUpFloor();
        }

        if (!_floorAvailable || _distinct > 1_000_000)
        {
            return 0;
        }

        double exponent = 0;
        ref double table = ref MemoryMarshal.GetArrayDataReference(_logMeans);
        for (int d = 0; d < _dims; d++)
        {
            exponent += Unsafe.Add(ref table, (d * Values) + Math.Min((int)probe[d], Values - 1));
        }

        return _count * Math.Exp(exponent) * (1 - 1e-9);
    }

    /// <summary>Sets, once per fit and only for a density whose <see cref="Floor"/> is asked, the table of log(ratio_d) ·
    /// count_d(v) / W per variable and value.</summary>
    private void SetUpFloor()
    {
        if (_logMeans.Length < _dims * Values)
        {
            _logMeans = new double[_dims * Values];
        }

        _floorAvailable = true;
        for (int d = 0; d < _dims; d++)
        {
            _floorAvailable &= _ratio[d] > 0 && double.IsFinite(_ratio[d]);
            double log = Math.Log(_ratio[d]) / _count;
            for (int v = 0; v < Values; v++)
            {
                _logMeans[(d * Values) + v] = log * _counts[d, v];
            }
        }

        _logMeansFresh = true;
    }

    /// <summary>Number of distinct rows: the terms of <see cref="Sum"/>.</summary>
    public int DistinctRows => _distinct;

    /// <summary>True where the density of the <see cref="Probe"/> <paramref name="x"/> is ∞.</summary>
    public bool IsOutside(Vector256<byte> x) => (~Vector256.Equals(x, _onlyValues).ExtractMostSignificantBits() & _oneLevelMask) != 0;

    /// <summary>True where the density of <paramref name="x"/> is ∞: it differs from a column that has one value.</summary>
    public bool IsOutside(ReadOnlySpan<int> x)
    {
        for (int d = 0; d < _dims; d++)
        {
            if (_oneLevel[d] >= 0 && x[d] != _oneLevel[d])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="x"/> as <see cref="Sum"/> takes it, one byte per variable.</summary>
    public static Vector256<byte> Probe(ReadOnlySpan<int> x)
    {
        Span<byte> packed = stackalloc byte[32];
        packed.Fill(0xFE);
        for (int d = 0; d < x.Length; d++)
        {
            packed[d] = (byte)x[d];
        }

        return Vector256.Create<byte>(packed);
    }

    /// <summary>The density from a <see cref="Sum"/> over all distinct rows; from a partial sum, a lower bound that every
    /// longer partial sum's value reaches (terms are positive; +, ×, / correctly rounded are monotone).</summary>
    public double Value(double sum) => _scale * sum / _count;

    /// <summary><paramref name="sum"/> plus the weighted kernel products of distinct rows <paramref name="from"/> …
    /// <paramref name="to"/> − 1, added in row order: a sum continued block by block has the bits of one pass.</summary>
    public double Sum(Vector256<byte> probe, int from, int to, double sum)
    {
        CheckRows(from, to);
        if (_three)
        {
            return SumOfThreeChunks(probe, from, to, sum);
        }

        for (int r = from; r < to; r++)
        {
            uint mask = Vector256.Equals(Vector256.Create<byte>(_packed.AsSpan(r * 32, 32)), probe).ExtractMostSignificantBits();
            double product = 1;
            for (int c = 0; c < _chunkBits.Length; mask >>= _chunkBits[c++])
            {
                product *= _table[_chunkOffsets[c] + (int)(mask & ((1u << _chunkBits[c]) - 1))];
            }

            sum += _weights[r] * product;
        }

        return sum;
    }

    /// <summary>Rows <paramref name="from"/> … <paramref name="to"/> − 1 exist: the unchecked loops below rely on it.</summary>
    private void CheckRows(int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, _distinct);
    }

    /// <summary>The kernel product of a match mask, (t0 · t1) · t2 over the three chunks' tables (17 to 26 variables).</summary>
    /// <remarks>A mask has no bit past the last variable (rows hold 0xFF there, probes 0xFE): the last chunk's index needs no
    /// masking.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Product(ref double table, uint mask) =>
        Unsafe.Add(ref table, (nint)(mask & 255)) * Unsafe.Add(ref table, 256 + (nint)((mask >> 8) & 255))
            * Unsafe.Add(ref table, 512 + (nint)(mask >> 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Match(ref byte rows, int r, Vector256<byte> probe) =>
        Vector256.Equals(Vector256.LoadUnsafe(ref rows, (nuint)(uint)r * 32), probe).ExtractMostSignificantBits();

    /// <summary><see cref="Sum"/> for the first <paramref name="count"/> (1 to 4) of <paramref name="probes"/> at once, each
    /// continuing its own entry of <paramref name="sums"/>: the same terms added in the same order per probe, so the same
    /// bits as four calls.</summary>
    /// <remarks>One pass over the rows for four probes: the row and its weight loaded once, and four independent sum chains
    /// instead of one whose add latency bounds the loop (the densities were ~45 % of a BOHB run, dotnet-trace, /work/bench-home).
    /// Unchecked loads (rows checked once): the bounds checks and the spills of four table arrays were most of the loop's
    /// instructions (JIT listing).</remarks>
    public void Sum4(ReadOnlySpan<Vector256<byte>> probes, int count, int from, int to, Span<double> sums)
    {
        if (!_three || count < 4)
        {
            for (int k = 0; k < count; k++)
            {
                sums[k] = Sum(probes[k], from, to, sums[k]);
            }

            return;
        }

        CheckRows(from, to);
        ref double table = ref MemoryMarshal.GetArrayDataReference(_table);
        ref byte rows = ref MemoryMarshal.GetArrayDataReference(_packed);
        ref double weights = ref MemoryMarshal.GetArrayDataReference(_weights);
        var (p0, p1, p2, p3) = (probes[0], probes[1], probes[2], probes[3]);
        double s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3];
        for (int r = from; r < to; r++)
        {
            var row = Vector256.LoadUnsafe(ref rows, (nuint)(uint)r * 32);
            double w = Unsafe.Add(ref weights, r);
            s0 += w * Product(ref table, Vector256.Equals(row, p0).ExtractMostSignificantBits());
            s1 += w * Product(ref table, Vector256.Equals(row, p1).ExtractMostSignificantBits());
            s2 += w * Product(ref table, Vector256.Equals(row, p2).ExtractMostSignificantBits());
            s3 += w * Product(ref table, Vector256.Equals(row, p3).ExtractMostSignificantBits());
        }

        (sums[0], sums[1], sums[2], sums[3]) = (s0, s1, s2, s3);
    }

    /// <summary>For each candidate k of <paramref name="lanes"/> (1 to 4), <paramref name="sums"/>[k] continued over
    /// distinct rows <paramref name="done"/>[k] … <paramref name="done"/>[k] + <paramref name="rows"/> − 1 of probe
    /// <paramref name="probes"/>[k], as <see cref="Sum"/> adds them: the same bits as one call per candidate.</summary>
    /// <remarks>Four independent sum chains, each at its own rows, unchecked as in <see cref="Sum4"/>.</remarks>
    public void SumLanes(Vector256<byte>[] probes, ReadOnlySpan<int> lanes, int[] done, int rows, double[] sums)
    {
        if (!_three || lanes.Length < 4)
        {
            foreach (int k in lanes)
            {
                sums[k] = Sum(probes[k], done[k], done[k] + rows, sums[k]);
            }

            return;
        }

        var (k0, k1, k2, k3) = (lanes[0], lanes[1], lanes[2], lanes[3]);
        var (r0, r1, r2, r3) = (done[k0], done[k1], done[k2], done[k3]);
        CheckRows(Math.Min(Math.Min(r0, r1), Math.Min(r2, r3)), Math.Max(Math.Max(r0, r1), Math.Max(r2, r3)) + rows);
        ref double table = ref MemoryMarshal.GetArrayDataReference(_table);
        ref byte packed = ref MemoryMarshal.GetArrayDataReference(_packed);
        ref double weights = ref MemoryMarshal.GetArrayDataReference(_weights);
        var (p0, p1, p2, p3) = (probes[k0], probes[k1], probes[k2], probes[k3]);
        double s0 = sums[k0], s1 = sums[k1], s2 = sums[k2], s3 = sums[k3];
        for (int i = 0; i < rows; i++, r0++, r1++, r2++, r3++)
        {
            s0 += Unsafe.Add(ref weights, r0) * Product(ref table, Match(ref packed, r0, p0));
            s1 += Unsafe.Add(ref weights, r1) * Product(ref table, Match(ref packed, r1, p1));
            s2 += Unsafe.Add(ref weights, r2) * Product(ref table, Match(ref packed, r2, p2));
            s3 += Unsafe.Add(ref weights, r3) * Product(ref table, Match(ref packed, r3, p3));
        }

        (sums[k0], sums[k1], sums[k2], sums[k3]) = (s0, s1, s2, s3);
    }

    /// <summary>The loop of <see cref="Sum"/> for 17 to 26 variables (BOHB's 26), unrolled over its three tables and without
    /// bounds checks: the same products (t0 · t1) · t2 (1 · t0 = t0 exactly), weighted and summed in the same order, so the
    /// same bits.</summary>
    private double SumOfThreeChunks(Vector256<byte> probe, int from, int to, double sum)
    {
        ref double table = ref MemoryMarshal.GetArrayDataReference(_table);
        ref byte rows = ref MemoryMarshal.GetArrayDataReference(_packed);
        ref double weights = ref MemoryMarshal.GetArrayDataReference(_weights);
        for (int r = from; r < to; r++)
        {
            sum += Unsafe.Add(ref weights, r) * Product(ref table, Match(ref rows, r, probe));
        }

        return sum;
    }
}
