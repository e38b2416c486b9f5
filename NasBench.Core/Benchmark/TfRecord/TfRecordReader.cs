using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NasBench.Core.Benchmark.TfRecord;

/// <summary>
/// Reads TFRecord files, checking both masked CRC-32C values of every record.
/// </summary>
/// <remarks>
/// Framing (little-endian): <c>uint64 length; uint32 masked_crc(length bytes); data[length]; uint32 masked_crc(data)</c>.
/// <code>
/// fill a large pooled buffer (carrying over the incomplete tail of the previous one)
/// while a whole header fits: check the header CRC, then, if the whole record fits, its data CRC; emit it
/// at end of file, leftover bytes mean a truncated record
/// </code>
/// Records come in batches (<see cref="ReadBatch"/>) so the importer can parse one batch while reading the next;
/// <see cref="TryRead"/> walks them one at a time. Errors name the record number and its byte offset.
/// </remarks>
public sealed class TfRecordReader : IDisposable
{
    private const int HeaderSize = 12;
    private const int FooterSize = 4;
    private const long MaxRecordLength = 1L << 30;

    private readonly Stream _stream;
    private readonly int _batchBytes;
    private readonly IncrementalHash? _sha256;
    private byte[] _carry = [];
    private int _carryLength;
    private long _position;
    private long _nextRecord;
    private bool _endOfStream;
    private TfRecordBatch? _current;
    private int _currentIndex;

    /// <param name="stream">The file.</param>
    /// <param name="batchBytes">Bytes read per batch. The default value is 8 MiB.</param>
    /// <param name="sha256">When given, every byte of the file is fed to it in order.</param>
    public TfRecordReader(Stream stream, int batchBytes = 8 << 20, IncrementalHash? sha256 = null)
    {
        _stream = stream;
        _batchBytes = Math.Max(batchBytes, 64);
        _sha256 = sha256;
    }

    /// <summary>
    /// Opens a file for sequential reading; <paramref name="sha256"/>, when given, hashes every byte read.
    /// </summary>
    public static TfRecordReader Open(string path, IncrementalHash? sha256 = null) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), sha256: sha256);

    /// <summary>Bytes of the file consumed so far.</summary>
    public long Position => _position;

    /// <summary>The 0-based number of the record last returned by <see cref="TryRead"/>.</summary>
    public long RecordNumber { get; private set; } = -1;

    /// <summary>The byte offset of the record last returned by <see cref="TryRead"/>.</summary>
    public long RecordOffset { get; private set; } = -1;

    /// <summary>The next record's data (valid until the next call), or false at the end of the file.</summary>
    public bool TryRead(out ReadOnlyMemory<byte> data)
    {
        while (_current is null || _currentIndex == _current.Count)
        {
            _current?.Release();
            _current = ReadBatch();
            _currentIndex = 0;
            if (_current is null)
            {
                data = default;
                return false;
            }
        }

        int i = _currentIndex++;
        RecordNumber = _current.FirstRecord + i;
        RecordOffset = _current.Offset(i);
        data = _current.Buffer.AsMemory(_current.DataStart[i], _current.DataLength[i]);
        return true;
    }

    /// <summary>The next batch of whole, checked records, or null at the end of the file.</summary>
    internal TfRecordBatch? ReadBatch()
    {
        int size = Math.Max(_batchBytes, _carryLength * 2);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        _carry.AsSpan(0, _carryLength).CopyTo(buffer);
        long bufferOffset = _position - _carryLength;
        int filled = _carryLength + Fill(buffer.AsSpan(_carryLength));
        var batch = new TfRecordBatch(buffer, 4096, _nextRecord);
        int pos = 0;
        while (filled - pos >= HeaderSize)
        {
            long recordOffset = bufferOffset + pos;
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(pos));
            uint headerCrc = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(pos + 8));
            if (Crc32C.Masked(buffer.AsSpan(pos, 8)) != headerCrc)
            {
                throw RecordError.At(_nextRecord, recordOffset, $"bad CRC of the length field (stored 0x{headerCrc:x8}, computed 0x{Crc32C.Masked(buffer.AsSpan(pos, 8)):x8})");
            }

            if (length > MaxRecordLength)
            {
                throw RecordError.At(_nextRecord, recordOffset, $"implausible record length {length}");
            }

            int total = HeaderSize + (int)length + FooterSize;
            if (filled - pos < total)
            {
                break;
            }

            var data = buffer.AsSpan(pos + HeaderSize, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(pos + HeaderSize + (int)length));
            if (Crc32C.Masked(data) != dataCrc)
            {
                throw RecordError.At(_nextRecord, recordOffset, $"bad CRC of the data (stored 0x{dataCrc:x8}, computed 0x{Crc32C.Masked(data):x8})");
            }

            batch.Add(pos + HeaderSize, (int)length, recordOffset);
            _nextRecord++;
            pos += total;
        }

        KeepTail(buffer.AsSpan(pos, filled - pos), bufferOffset + pos);
        if (batch.Count == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return _endOfStream && _carryLength == 0 ? null : ReadBatch();
        }

        return batch;
    }

    private void KeepTail(ReadOnlySpan<byte> tail, long tailOffset)
    {
        if (_endOfStream && tail.Length > 0)
        {
            string what = tail.Length < HeaderSize
                ? $"{tail.Length} of the {HeaderSize} header bytes"
                : $"{tail.Length} of the {HeaderSize + (long)BinaryPrimitives.ReadUInt64LittleEndian(tail) + FooterSize} record bytes";
            throw RecordError.At(_nextRecord, tailOffset, $"truncated: the file ends after {what}");
        }

        if (_carry.Length < tail.Length)
        {
            _carry = new byte[Math.Max(tail.Length, 1024)];
        }

        tail.CopyTo(_carry);
        _carryLength = tail.Length;
    }

    private int Fill(Span<byte> target)
    {
        int total = 0;
        while (total < target.Length && !_endOfStream)
        {
            int n = _stream.Read(target[total..]);
            if (n == 0)
            {
                _endOfStream = true;
                break;
            }

            _sha256?.AppendData(target.Slice(total, n));
            total += n;
        }

        _position += total;
        return total;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _current?.Release();
        _current = null;
        _stream.Dispose();
    }
}
