namespace NasBench.Core.Search;

/// <summary>One budget's results for BOHB's model: sorted by loss (stable), each distinct configuration stored once.</summary>
/// <remarks>
/// bohb.py refits a budget's good and bad densities from its sorted results after every result. Keeping the order and
/// giving each distinct configuration an id with its rows already packed lets a fit walk the ids of a loss range and
/// find repeats with a stamp per id, instead of copying, hashing and packing every row again (fits were half of a
/// 10⁷-second run's time). Up to 32 variables of at most 4 categories.
/// </remarks>
internal sealed class BohbObservations
{
    /// <summary>Bytes per packed row: one per variable (a category), 0xFF past the last variable.</summary>
    public const int RowBytes = 32;

    private readonly List<(double Loss, int Id)> _pending = [];
    private double[] _losses = new double[64];
    private int[] _ranked = new int[64];
    private int _settled;
    private readonly Dictionary<ulong, int> _ids = [];
    private readonly List<int[]> _configurations = [];
    private byte[] _packed = new byte[RowBytes * 64];
    private int[] _stamps = new int[64];
    private int[] _slots = new int[64];
    private int _stamp;

    /// <summary>Number of results.</summary>
    public int Count => _settled + _pending.Count;

    /// <summary>Adds a result after those of lower or equal loss (sorted by loss, stable).</summary>
    /// <remarks>Queued, and put in place when a rank is next read: one insertion into a sorted list of the 20,000 results a
    /// 10⁷-s run has at 4 epochs moves 160 kB, ~6 % of a BOHB run (dotnet-trace, /work/bench-home), yet a budget's order is
    /// read only while its model is the one sampled from. Inserted in arrival order, the same order as one by one.</remarks>
    public void Add(ReadOnlySpan<int> configuration, double loss) => _pending.Add((loss, IdOf(configuration)));

    /// <summary>Adds a result as <see cref="Add"/> does and puts it in place at once (with any queued before it): its rank.</summary>
    /// <remarks>For the budget whose model BOHB samples from, which it updates after every result (<see cref="CategoricalKde.Update"/>).</remarks>
    public int Insert(ReadOnlySpan<int> configuration, double loss)
    {
        Add(configuration, loss);
        return Settle();
    }

    /// <summary>Number of distinct configurations (ids 0 … IdCount − 1).</summary>
    public int IdCount => _configurations.Count;

    /// <summary>The id of the configuration with rank <paramref name="rank"/> (0: the lowest loss).</summary>
    public int IdAt(int rank) => Ranked(rank, 1)[0];

    /// <summary>The ids of ranks <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1, in rank order.</summary>
    public ReadOnlySpan<int> Ranked(int start, int count)
    {
        if (_pending.Count > 0)
        {
            Settle();
        }

        return _ranked.AsSpan(0, _settled).Slice(start, count);
    }

    /// <remarks>Ids and losses in two arrays, moved by one Array.Copy each per insertion: a list of (loss, id) pairs moved
    /// 16 bytes per result behind the insertion point (List.Insert, ~5 % of a BOHB run, dotnet-trace, /work/bench-home).</remarks>
    /// <returns>The rank the last of them was put at.</returns>
    private int Settle()
    {
        int last = -1;
        if (_losses.Length < _settled + _pending.Count)
        {
            int size = Math.Max(_losses.Length * 2, _settled + _pending.Count);
            Array.Resize(ref _losses, size);
            Array.Resize(ref _ranked, size);
        }

        foreach (var (loss, id) in _pending)
        {
            int lo = 0, hi = _settled;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                (lo, hi) = _losses[mid] <= loss ? (mid + 1, hi) : (lo, mid);
            }

            Array.Copy(_losses, lo, _losses, lo + 1, _settled - lo);
            Array.Copy(_ranked, lo, _ranked, lo + 1, _settled - lo);
            (_losses[lo], _ranked[lo]) = (loss, id);
            _settled++;
            last = lo;
        }

        _pending.Clear();
        return last;
    }

    /// <summary>The configuration of <paramref name="id"/>.</summary>
    public int[] Configuration(int id) => _configurations[id];

    /// <summary>The configuration of <paramref name="id"/>, one byte per variable (0xFF past the last).</summary>
    public ReadOnlySpan<byte> Packed(int id) => _packed.AsSpan(id * RowBytes, RowBytes);

    /// <summary>A stamp no id carries yet: with <see cref="Stamps"/>, it tells the first occurrence of an id in one pass.</summary>
    public int NewStamp() => ++_stamp;

    /// <summary>Per id, the last stamp it was seen under and the slot stored with it then: a fit's scratch, read and written
    /// by <see cref="CategoricalKde.Refit"/> in its loop (with the id scratch and the per-result calls gone, refits went
    /// from 11.7 % to 9.9 % of a BOHB run and the memmoves from 6.6 % to 2.2 %, dotnet-trace, /work/bench-home).</summary>
    public (int[] Stamps, int[] Slots) Stamps => (_stamps, _slots);

    /// <summary>All packed rows, id · <see cref="RowBytes"/> onwards for id.</summary>
    public byte[] PackedRows => _packed;

    private int IdOf(ReadOnlySpan<int> configuration)
    {
        if (configuration.Length > RowBytes)
        {
            throw new ArgumentException($"At most {RowBytes} variables.", nameof(configuration));
        }

        ulong key = 0;
        for (int d = 0; d < configuration.Length; d++)
        {
            key |= (ulong)configuration[d] << (2 * d);
        }

        if (_ids.TryGetValue(key, out int id))
        {
            return id;
        }

        id = _configurations.Count;
        _ids[key] = id;
        _configurations.Add(configuration.ToArray());
        if (_packed.Length < (id + 1) * RowBytes)
        {
            Array.Resize(ref _packed, _packed.Length * 2);
            Array.Resize(ref _stamps, _stamps.Length * 2);
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        var row = _packed.AsSpan(id * RowBytes, RowBytes);
        row.Fill(0xFF);
        for (int d = 0; d < configuration.Length; d++)
        {
            row[d] = (byte)configuration[d];
        }

        return id;
    }
}
