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

    private readonly List<(double Loss, int Id)> _byLoss = [];
    private readonly List<(double Loss, int Id)> _pending = [];
    private readonly Dictionary<ulong, int> _ids = [];
    private readonly List<int[]> _configurations = [];
    private byte[] _packed = new byte[RowBytes * 64];
    private int[] _stamps = new int[64];
    private int[] _slots = new int[64];
    private int _stamp;
    private int[] _scratchIds = [];
    private double[] _scratchWeights = [];

    /// <summary>Number of results.</summary>
    public int Count => _byLoss.Count + _pending.Count;

    /// <summary>Adds a result after those of lower or equal loss (sorted by loss, stable).</summary>
    /// <remarks>Queued, and put in place when a rank is next read: one insertion into a sorted list of the 20,000 results a
    /// 10⁷-s run has at 4 epochs moves 160 kB, ~6 % of a BOHB run (dotnet-trace, /work/bench-home), yet a budget's order is
    /// read only while its model is the one sampled from. Inserted in arrival order, the same order as one by one.</remarks>
    public void Add(ReadOnlySpan<int> configuration, double loss) => _pending.Add((loss, IdOf(configuration)));

    /// <summary>The id of the configuration with rank <paramref name="rank"/> (0: the lowest loss).</summary>
    public int IdAt(int rank)
    {
        if (_pending.Count > 0)
        {
            Settle();
        }

        return _byLoss[rank].Id;
    }

    private void Settle()
    {
        foreach (var (loss, id) in _pending)
        {
            int lo = 0, hi = _byLoss.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                (lo, hi) = _byLoss[mid].Loss <= loss ? (mid + 1, hi) : (lo, mid);
            }

            _byLoss.Insert(lo, (loss, id));
        }

        _pending.Clear();
    }

    /// <summary>The configuration of <paramref name="id"/>.</summary>
    public int[] Configuration(int id) => _configurations[id];

    /// <summary>The configuration of <paramref name="id"/>, one byte per variable (0xFF past the last).</summary>
    public ReadOnlySpan<byte> Packed(int id) => _packed.AsSpan(id * RowBytes, RowBytes);

    /// <summary>A stamp no id carries yet: <see cref="FirstSeen"/> with it tells the first occurrence of an id in one pass.</summary>
    public int NewStamp() => ++_stamp;

    /// <summary>True the first time <paramref name="id"/> is seen under <paramref name="stamp"/> (then <paramref name="slot"/>
    /// is stored for it); false after that, with the slot stored the first time.</summary>
    public bool FirstSeen(int id, int stamp, ref int slot)
    {
        if (_stamps[id] == stamp)
        {
            slot = _slots[id];
            return false;
        }

        _stamps[id] = stamp;
        _slots[id] = slot;
        return true;
    }

    /// <summary>Buffers of at least <paramref name="count"/> ids and weights for one fit, reused by the next.</summary>
    public (int[] Ids, double[] Weights) Scratch(int count)
    {
        if (_scratchIds.Length < count)
        {
            (_scratchIds, _scratchWeights) = (new int[count * 2], new double[count * 2]);
        }

        return (_scratchIds, _scratchWeights);
    }

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
