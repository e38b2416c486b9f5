namespace NasBench.Core.SearchSpace;

/// <summary>
/// All 423,624 unique cells of NAS-Bench-101 in enumeration order, with their hashes and canonical representatives
/// (the form the dataset stores), a hash-sorted view, and the MD5-free spec → cell lookup.
/// </summary>
public sealed class CellIndex
{
    /// <summary>The number of unique cells in the space.</summary>
    public const int UniqueCells = 423_624;

    private readonly CellKey[] _cells;
    private readonly CellHash[] _hashes;
    private readonly int[] _cellOfLabeled;
    private readonly int[] _byHash;
    private readonly LabeledGraphLayout _layout;

    internal CellIndex(CellKey[] cells, CellHash[] hashes, int[] cellOfLabeled, LabeledGraphLayout layout,
        VertexCountStats[] stats, TimeSpan buildTime, int[]? byHash = null)
    {
        _cells = cells;
        _hashes = hashes;
        _cellOfLabeled = cellOfLabeled;
        _layout = layout;
        Stats = stats;
        BuildTime = buildTime;
        _byHash = byHash ?? SortByHash(hashes);
        if (_byHash.Length != cells.Length)
        {
            throw new InvalidDataException("The hash order does not cover every cell: the index is corrupt.");
        }

        for (int i = 1; i < _byHash.Length; i++)
        {
            if (hashes[_byHash[i]] <= hashes[_byHash[i - 1]])
            {
                throw new InvalidDataException($"Cells {_byHash[i - 1]} and {_byHash[i]} are not in strictly ascending hash order ({hashes[_byHash[i]]}): the index is corrupt.");
            }
        }
    }

    private static int[] SortByHash(CellHash[] hashes)
    {
        var order = new int[hashes.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort((CellHash[])hashes.Clone(), order);
        return order;
    }

    /// <summary>The number of unique cells: 423,624 for the full space.</summary>
    public int Count => _cells.Length;

    /// <summary>Per vertex count (2..7): valid matrices, labeled graphs, new unique cells.</summary>
    public IReadOnlyList<VertexCountStats> Stats { get; }

    /// <summary>How long the enumeration (or the load) took.</summary>
    public TimeSpan BuildTime { get; internal set; }

    /// <summary>The canonical representative of cell i (enumeration order).</summary>
    public CellKey Cell(int index) => _cells[index];

    /// <summary>The module hash of cell <paramref name="index"/>.</summary>
    public CellHash Hash(int index) => _hashes[index];

    /// <summary>The cell with this hash, or -1.</summary>
    public int IndexOf(CellHash hash)
    {
        int lo = 0, hi = _byHash.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = _hashes[_byHash[mid]].CompareTo(hash);
            if (c == 0)
            {
                return _byHash[mid];
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    /// <summary>The cell of a pruned graph, by table lookup (no MD5), or -1 when it is not in the space.</summary>
    public int IndexOfPruned(CellKey pruned)
    {
        int position = _layout.PositionOf(pruned);
        return position < 0 ? -1 : _cellOfLabeled[position];
    }

    /// <summary>Prunes a raw cell and looks it up: the fast path from any spec to its cell.</summary>
    public SpecStatus TryFind(CellKey raw, out int index)
    {
        index = -1;
        var status = raw.Prune(out var pruned);
        if (status != SpecStatus.Ok)
        {
            return status;
        }

        index = IndexOfPruned(pruned);
        return index >= 0 ? SpecStatus.Ok : SpecStatus.Invalid;
    }

    /// <summary>The cell of a validated spec, or -1.</summary>
    public int IndexOf(ModelSpec spec) => IndexOfPruned(spec.Cell);

    internal ReadOnlySpan<CellKey> CellsSpan => _cells;

    internal ReadOnlySpan<CellHash> HashesSpan => _hashes;

    internal ReadOnlySpan<int> CellOfLabeledSpan => _cellOfLabeled;

    internal ReadOnlySpan<int> ByHashSpan => _byHash;

    internal int[] CellOfLabeledArray => _cellOfLabeled;

    /// <summary>Saves the index (about 15 MB): see <see cref="CellIndexFile"/>.</summary>
    public void Save(string path) => CellIndexFile.Save(this, path);

    /// <summary>Loads a saved index (cells.nbindex), checking its checksum; throws when damaged.</summary>
    public static CellIndex Load(string path) => CellIndexFile.Load(path);

    /// <summary>Loads the index from <paramref name="path"/>, or enumerates the space and saves it there.</summary>
    public static CellIndex LoadOrBuild(string path, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        if (File.Exists(path))
        {
            try
            {
                return Load(path);
            }
            catch (InvalidDataException)
            {
                // A stale or damaged index is rebuilt: it is derived data.
            }
        }

        var index = SpaceEnumerator.Enumerate(progress, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        index.Save(path);
        return index;
    }

    internal static CellIndex FromArrays(CellKey[] cells, CellHash[] hashes, int[] cellOfLabeled, int[] byHash, TimeSpan loadTime)
    {
        var layout = LabeledGraphLayout.Build();
        if (cellOfLabeled.Length != layout.TotalLabeledGraphs)
        {
            throw new InvalidDataException("The index file does not match the labeled-graph layout of the space.");
        }

        return new CellIndex(cells, hashes, cellOfLabeled, layout, layout.Stats(cells), loadTime, byHash);
    }
}
