using System.Diagnostics;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Store;

/// <summary>
/// An imported benchmark store, opened in memory (one bulk read per small array, the metrics memory-mapped; no
/// per-cell objects) and addressed by
/// the enumeration's cell index. Build one with <see cref="BenchmarkImporter"/>; open it with <see cref="Open"/>.
/// </summary>
public sealed class BenchmarkStore : IBenchmarkData, IDisposable
{
    private readonly StoreContent _content;
    private readonly MappedMetrics _metrics;
    private readonly int[] _rowOfCell;
    private readonly int[] _cellIndices;
    private readonly int[] _slotOfBudget = [-1, -1, -1, -1];

    private BenchmarkStore(CellIndex space, StoreContent content, MappedMetrics metrics, StoreMetadata metadata, string path)
    {
        Space = space;
        _content = content;
        _metrics = metrics;
        Metadata = metadata;
        Path = path;
        for (int s = 0; s < content.Epochs.Length; s++)
        {
            int slot = EpochBudgets.SlotOf(content.Epochs[s]);
            _slotOfBudget[slot >= 0 ? slot : throw new InvalidDataException($"The store '{path}' lists {content.Epochs[s]} epochs.")] = s;
        }

        (_rowOfCell, _cellIndices) = MapRows(space, content, path);
    }

    /// <summary>Checks every row against the space and maps cells to rows (runs once per open: JIT it optimised at once).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (int[] RowOfCell, int[] CellIndices) MapRows(CellIndex space, StoreContent content, string path)
    {
        var rowOfCell = new int[space.Count];
        Array.Fill(rowOfCell, -1);
        for (int row = 0; row < content.Hashes.Length; row++)
        {
            int cell = space.IndexOfPruned(content.Cells[row]);
            if (cell < 0 || space.Hash(cell) != content.Hashes[row] || (row > 0 && content.Hashes[row - 1] >= content.Hashes[row]))
            {
                throw new InvalidDataException($"The store '{path}' does not match the search space at row {row} ({content.Hashes[row]}). Import the file again.");
            }

            rowOfCell[cell] = row;
        }

        var cellIndices = new int[content.Hashes.Length];
        int next = 0;
        for (int cell = 0; cell < rowOfCell.Length; cell++)
        {
            if (rowOfCell[cell] >= 0)
            {
                cellIndices[next++] = cell;
            }
        }

        return (rowOfCell, cellIndices);
    }

    /// <summary>Opens a store; <paramref name="space"/> is the enumeration (see <see cref="CellIndex.LoadOrBuild"/>).</summary>
    public static BenchmarkStore Open(string path, CellIndex space)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no benchmark store at '{path}'.", path);
        }

        var watch = Stopwatch.StartNew();
        var (content, metadata, metrics) = StoreFile.Read(path);
        try
        {
            return new BenchmarkStore(space, content, metrics, metadata, path) { OpenTime = watch.Elapsed };
        }
        catch
        {
            metrics.Dispose();
            throw;
        }
    }

    /// <summary>The .nbstore file this store maps.</summary>
    public string Path { get; }

    /// <summary>
    /// Where the store came from: source file, its SHA-256, record count, epoch budgets, synthetic or not.
    /// </summary>
    public StoreMetadata Metadata { get; }

    /// <summary>How long <see cref="Open"/> took.</summary>
    public TimeSpan OpenTime { get; private init; }

    /// <inheritdoc/>
    public CellIndex Space { get; }

    /// <inheritdoc/>
    public IReadOnlyList<int> Epochs => _content.Epochs;

    /// <inheritdoc/>
    public bool IsSynthetic => Metadata.IsSynthetic;

    /// <inheritdoc/>
    public IReadOnlyList<int> CellIndices => _cellIndices;

    /// <summary>The hashes held, ascending.</summary>
    public IReadOnlyList<CellHash> Hashes => _content.Hashes;

    /// <inheritdoc/>
    public bool Contains(int cellIndex) => (uint)cellIndex < (uint)_rowOfCell.Length && _rowOfCell[cellIndex] >= 0;

    /// <inheritdoc/>
    public int TrainableParameters(int cellIndex) => _content.TrainableParameters[Row(cellIndex)];

    /// <inheritdoc/>
    public RepeatMetrics Metrics(int cellIndex, int epochs, int repeat)
    {
        int row = Row(cellIndex);
        int slot = EpochBudgets.SlotOf(epochs);
        int s = slot >= 0 ? _slotOfBudget[slot] : -1;
        if (s < 0)
        {
            throw new OutOfDomainException($"This benchmark has no results at {epochs} epochs; it holds {string.Join("/", Epochs)}.");
        }

        if ((uint)repeat >= IBenchmarkData.Repeats)
        {
            throw new OutOfDomainException($"Repeat {repeat} does not exist; NAS-Bench-101 has repeats 0 to {IBenchmarkData.Repeats - 1}.");
        }

        return _metrics[(((row * (long)_content.Epochs.Length) + s) * IBenchmarkData.Repeats) + repeat];
    }

    private int Row(int cellIndex)
    {
        int row = (uint)cellIndex < (uint)_rowOfCell.Length ? _rowOfCell[cellIndex] : -2;
        return row >= 0 ? row : throw NotHeld(cellIndex, row);
    }

    private OutOfDomainException NotHeld(int cellIndex, int row) => row == -2
        ? new OutOfDomainException($"Cell index {cellIndex} is outside the space (0 to {Space.Count - 1}).")
        : new OutOfDomainException($"The cell {Space.Hash(cellIndex)} is in the NAS-Bench-101 space but not in this benchmark (it holds {_cellIndices.Length:N0} cells).");

    /// <summary>Unmaps the metrics; the store cannot be read afterwards.</summary>
    public void Dispose() => _metrics.Dispose();
}
