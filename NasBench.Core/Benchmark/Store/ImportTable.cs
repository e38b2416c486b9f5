using NasBench.Core.Benchmark.Records;
using NasBench.Core.Benchmark.TfRecord;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Store;

/// <summary>
/// Collects parsed records in file order into flat arrays: one row per cell in order of first appearance, one
/// array of repeats per epoch budget, allocated when the budget first appears. Memory is proportional to the data.
/// </summary>
/// <remarks>
/// The repeat index of a record is the number of records of the same (hash, epochs) before it in the file; no
/// other order is assumed. <see cref="Finish"/> checks that every (hash, budget present) has exactly 3 repeats.
/// </remarks>
internal sealed class ImportTable(CellIndex space)
{
    private const int Repeats = IBenchmarkData.Repeats;
    private readonly int[] _rowOfCell = Filled(space.Count, -1);
    private readonly RepeatMetrics[]?[] _metrics = new RepeatMetrics[EpochBudgets.Valid.Count][];
    private readonly byte[]?[] _counts = new byte[EpochBudgets.Valid.Count][];
    private int[] _cells = new int[1024];
    private int[] _parameters = new int[1024];

    public int Rows { get; private set; }

    public long Records { get; private set; }

    public bool IsSynthetic { get; private set; }

    public void Add(in ParsedRecord record, long recordNumber, long offset)
    {
        int row = _rowOfCell[record.Cell];
        if (row < 0)
        {
            row = NewRow(record.Cell, record.TrainableParameters);
        }

        int slot = record.EpochSlot;
        if (_metrics[slot] is null)
        {
            _metrics[slot] = new RepeatMetrics[_cells.Length * Repeats];
            _counts[slot] = new byte[_cells.Length];
        }

        int repeat = _counts[slot]![row]++;
        if (repeat >= Repeats)
        {
            throw RecordError.At(recordNumber, offset, $"a 4th repeat of {space.Hash(record.Cell)} at {EpochBudgets.Valid[slot]} epochs (each budget has exactly {Repeats})");
        }

        _metrics[slot]![(row * Repeats) + repeat] = record.Metrics;
        IsSynthetic |= record.IsSynthetic;
        Records++;
    }

    /// <summary>Checks completeness and returns the arrays sorted by hash.</summary>
    public StoreContent Finish()
    {
        var slots = Enumerable.Range(0, _metrics.Length).Where(s => _metrics[s] is not null).ToArray();
        if (Rows == 0)
        {
            throw new InvalidDataException("The file holds no records.");
        }

        var order = Enumerable.Range(0, Rows).ToArray();
        var hashes = order.Select(r => space.Hash(_cells[r])).ToArray();
        Array.Sort(hashes, order);
        var metrics = new RepeatMetrics[Rows * slots.Length * Repeats];
        for (int i = 0; i < Rows; i++)
        {
            int row = order[i];
            for (int s = 0; s < slots.Length; s++)
            {
                int count = _counts[slots[s]]![row];
                if (count != Repeats)
                {
                    throw new InvalidDataException($"{hashes[i]} has {count} repeats at {EpochBudgets.Valid[slots[s]]} epochs; every hash needs exactly {Repeats} per budget present.");
                }

                _metrics[slots[s]].AsSpan(row * Repeats, Repeats).CopyTo(metrics.AsSpan(((i * slots.Length) + s) * Repeats));
            }
        }

        return new StoreContent(
            hashes,
            order.Select(r => space.Cell(_cells[r])).ToArray(),
            order.Select(r => _parameters[r]).ToArray(),
            slots.Select(s => EpochBudgets.Valid[s]).ToArray(),
            metrics);
    }

    private int NewRow(int cell, int parameters)
    {
        if (Rows == _cells.Length)
        {
            int size = _cells.Length * 2;
            Array.Resize(ref _cells, size);
            Array.Resize(ref _parameters, size);
            for (int s = 0; s < _metrics.Length; s++)
            {
                if (_metrics[s] is not null)
                {
                    Array.Resize(ref _metrics[s], size * Repeats);
                    Array.Resize(ref _counts[s], size);
                }
            }
        }

        _cells[Rows] = cell;
        _parameters[Rows] = parameters;
        _rowOfCell[cell] = Rows;
        return Rows++;
    }

    private static int[] Filled(int length, int value)
    {
        var array = new int[length];
        Array.Fill(array, value);
        return array;
    }
}

/// <summary>A store's arrays, rows sorted by hash; metrics laid out [row][epochs][repeat].</summary>
internal sealed record StoreContent(CellHash[] Hashes, CellKey[] Cells, int[] TrainableParameters, int[] Epochs, RepeatMetrics[] Metrics);
