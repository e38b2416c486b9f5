using System.Buffers.Binary;

namespace NasBench.Core.Benchmark.TfRecord;

/// <summary>Writes TFRecord framing byte for byte as TensorFlow does (see <see cref="TfRecordReader"/>).</summary>
public sealed class TfRecordWriter(Stream stream)
{
    private readonly byte[] _header = new byte[12];
    private readonly byte[] _footer = new byte[4];

    /// <summary>The records written so far.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Writes one record: length, masked CRC32C of the length, data, masked CRC32C of the data.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), Crc32C.Masked(_header.AsSpan(0, 8)));
        BinaryPrimitives.WriteUInt32LittleEndian(_footer, Crc32C.Masked(data));
        stream.Write(_header);
        stream.Write(data);
        stream.Write(_footer);
        RecordsWritten++;
    }
}
