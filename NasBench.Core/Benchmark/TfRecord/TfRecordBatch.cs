using System.Buffers;

namespace NasBench.Core.Benchmark.TfRecord;

/// <summary>
/// A run of consecutive, CRC-checked records sharing one pooled buffer: the unit the importer parses in parallel
/// while the next batch is read. <see cref="Release"/> returns the buffer.
/// </summary>
internal sealed class TfRecordBatch
{
    internal TfRecordBatch(byte[] buffer, int capacity, long firstRecord)
    {
        Buffer = buffer;
        FirstRecord = firstRecord;
        DataStart = new int[capacity];
        DataLength = new int[capacity];
        RecordOffset = new long[capacity];
    }

    /// <summary>The pooled bytes holding the batch's records; returned to the pool by <see cref="Release"/>.</summary>
    public byte[] Buffer { get; }

    /// <summary>The 0-based number of the first record of the batch in its file.</summary>
    public long FirstRecord { get; }

    /// <summary>The number of records in the batch.</summary>
    public int Count { get; private set; }

    internal int[] DataStart { get; private set; }

    internal int[] DataLength { get; private set; }

    internal long[] RecordOffset { get; private set; }

    /// <summary>The data of record <paramref name="i"/> of the batch (framing and CRCs already checked).</summary>
    public ReadOnlySpan<byte> Data(int i) => Buffer.AsSpan(DataStart[i], DataLength[i]);

    /// <summary>Byte offset in the file of record i's header.</summary>
    public long Offset(int i) => RecordOffset[i];

    internal void Add(int dataStart, int dataLength, long fileOffset)
    {
        if (Count == DataStart.Length)
        {
            int grown = Count * 2;
            DataStart = Grow(DataStart, grown);
            DataLength = Grow(DataLength, grown);
            RecordOffset = Grow(RecordOffset, grown);
        }

        DataStart[Count] = dataStart;
        DataLength[Count] = dataLength;
        RecordOffset[Count] = fileOffset;
        Count++;
    }

    /// <summary>Returns the buffer to the pool; the batch's spans are invalid afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        array.CopyTo(grown, 0);
        return grown;
    }
}
