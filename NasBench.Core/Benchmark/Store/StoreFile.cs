using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Store;

/// <summary>
/// The on-disk form of a benchmark store: versioned, checksummed; the small arrays are read with one bulk read each,
/// the metrics are memory-mapped.
/// </summary>
/// <remarks>
/// Layout (little-endian):
/// <code>
/// "NBSTORE1"  int32 format version  int32 metadata length  metadata (UTF-8 JSON, <see cref="StoreMetadata"/>, space-padded to 8 bytes)
/// int32 rows  int32 budgets  int32[budgets] epochs
/// CellHash[rows] (16 B, ascending)  CellKey[rows] (8 B: canonical adjacency/operations)  int32[rows] parameters
/// RepeatMetrics[rows][budgets][3] (8 float32: halfway and final time, train, validation, test accuracy)
/// uint64 CRC-64 of everything before it (CRC-64 rather than XxHash3: the library's XxHash3 costs ~0.2 s of JIT on a cold open)
/// </code>
/// A store is written to a temporary file next to the target and renamed over it, so a failed import never leaves
/// a half-written store and the previous one stays usable.
/// </remarks>
internal static class StoreFile
{
    public const int FormatVersion = 2;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("NBSTORE1");

    public static void Write(string path, StoreContent content, StoreMetadata metadata)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var hash = new Crc64();
                void Put(ReadOnlySpan<byte> bytes)
                {
                    hash.Append(bytes);
                    stream.Write(bytes);
                }

                byte[] json = PaddedJson(metadata);
                Put(Magic);
                Put(Int32s([FormatVersion, json.Length]));
                Put(json);
                Put(Int32s([content.Hashes.Length, content.Epochs.Length]));
                Put(MemoryMarshal.AsBytes(content.Epochs.AsSpan()));
                Put(MemoryMarshal.AsBytes(content.Hashes.AsSpan()));
                Put(MemoryMarshal.AsBytes(content.Cells.AsSpan()));
                Put(MemoryMarshal.AsBytes(content.TrainableParameters.AsSpan()));
                Put(MemoryMarshal.AsBytes(content.Metrics.AsSpan()));
                stream.Write(BitConverter.GetBytes(hash.GetCurrentHashAsUInt64()));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Reads the small arrays, maps the metrics, and verifies the checksum of the whole file.</summary>
    public static (StoreContent Content, StoreMetadata Metadata, MappedMetrics Metrics) Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        var hash = new Crc64();
        long offset = 0;
        void Get(Span<byte> target)
        {
            if (offset + target.Length > length - 8)
            {
                throw new InvalidDataException($"The store '{path}' is truncated.");
            }

            int read = 0;
            while (read < target.Length)
            {
                int n = RandomAccess.Read(handle, target[read..], offset + read);
                read += n > 0 ? n : throw new InvalidDataException($"The store '{path}' is truncated.");
            }

            hash.Append(target);
            offset += target.Length;
        }

        Span<byte> head = stackalloc byte[16];
        Get(head);
        if (!head[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a NasBench benchmark store (bad magic).");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"The store '{path}' has format version {version}; this build reads version {FormatVersion}. Import the file again.");
        }

        var json = new byte[CheckedCount(BinaryPrimitives.ReadInt32LittleEndian(head[12..]), 1 << 20, path)];
        Get(json);
        var metadata = JsonSerializer.Deserialize(json, StoreMetadataJson.Default.StoreMetadata) ?? throw new InvalidDataException($"The store '{path}' has no metadata.");
        Get(head[..8]);
        int rows = CheckedCount(BinaryPrimitives.ReadInt32LittleEndian(head), CellIndex.UniqueCells, path);
        var epochs = new int[CheckedCount(BinaryPrimitives.ReadInt32LittleEndian(head[4..]), EpochBudgets.Valid.Count, path)];
        Get(MemoryMarshal.AsBytes(epochs.AsSpan()));
        var content = new StoreContent(new CellHash[rows], new CellKey[rows], new int[rows], epochs, []);
        Get(MemoryMarshal.AsBytes(content.Hashes.AsSpan()));
        Get(MemoryMarshal.AsBytes(content.Cells.AsSpan()));
        Get(MemoryMarshal.AsBytes(content.TrainableParameters.AsSpan()));
        long count = (long)rows * epochs.Length * IBenchmarkData.Repeats;
        if (offset + (count * Unsafe.SizeOf<RepeatMetrics>()) != length - 8)
        {
            throw new InvalidDataException($"The store '{path}' is damaged (size mismatch). Import the file again.");
        }

        var metrics = new MappedMetrics(path, offset, count);
        foreach (var (start, size) in metrics.Chunks())
        {
            hash.Append(metrics.Bytes(start, size));
        }

        Span<byte> stored = stackalloc byte[8];
        if (RandomAccess.Read(handle, stored, length - 8) != 8 || BinaryPrimitives.ReadUInt64LittleEndian(stored) != hash.GetCurrentHashAsUInt64())
        {
            metrics.Dispose();
            throw new InvalidDataException($"The store '{path}' is damaged (checksum mismatch). Import the file again.");
        }

        return (content, metadata, metrics);
    }

    /// <summary>The metadata JSON padded with spaces to a multiple of 8 bytes, so the arrays after it stay aligned.</summary>
    private static byte[] PaddedJson(StoreMetadata metadata)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(metadata, StoreMetadataJson.Default.StoreMetadata);
        int padded = (json.Length + 7) / 8 * 8;
        byte[] result = new byte[padded];
        json.CopyTo(result, 0);
        result.AsSpan(json.Length).Fill((byte)' ');
        return result;
    }

    private static int CheckedCount(int value, int max, string path) =>
        value >= 0 && value <= max ? value : throw new InvalidDataException($"The store '{path}' is damaged (a count of {value}).");

    private static byte[] Int32s(ReadOnlySpan<int> values) => MemoryMarshal.AsBytes(values).ToArray();
}
