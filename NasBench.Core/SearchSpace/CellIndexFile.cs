using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace NasBench.Core.SearchSpace;

/// <summary>The on-disk form of <see cref="CellIndex"/>: one bulk read, checksummed, written atomically.</summary>
/// <remarks>
/// Layout (little-endian): magic "NBCELLS2", int32 cell count, int32 labeled-graph count, CellKey[count] (8 bytes
/// each), CellHash[count] (16 bytes each), int32[count] cells in ascending hash order, int32[labeled] cell of each
/// labeled graph, then a CRC-64 of everything before it. The labeled-graph layout tables are rebuilt on load (milliseconds).
/// </remarks>
internal static class CellIndexFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("NBCELLS2");

    public static void Save(CellIndex index, string path)
    {
        string temp = path + ".tmp-" + Environment.ProcessId;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var crc = new Crc64();
            void Write(ReadOnlySpan<byte> bytes)
            {
                crc.Append(bytes);
                stream.Write(bytes);
            }

            Write(Magic);
            Write(BitConverter.GetBytes(index.Count));
            Write(BitConverter.GetBytes(index.CellOfLabeledSpan.Length));
            Write(MemoryMarshal.AsBytes(index.CellsSpan));
            Write(MemoryMarshal.AsBytes(index.HashesSpan));
            Write(MemoryMarshal.AsBytes(index.ByHashSpan));
            Write(MemoryMarshal.AsBytes(index.CellOfLabeledSpan));
            stream.Write(crc.GetCurrentHash());
        }

        File.Move(temp, path, overwrite: true);
    }

    public static CellIndex Load(string path)
    {
        var watch = Stopwatch.StartNew();
        byte[] data = File.ReadAllBytes(path);
        if (data.Length < 24 || !data.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a NasBench cell index (bad magic).");
        }

        var body = data.AsSpan(0, data.Length - 8);
        if (!Crc64.Hash(body).AsSpan().SequenceEqual(data.AsSpan(data.Length - 8)))
        {
            throw new InvalidDataException($"The cell index '{path}' is damaged (checksum mismatch).");
        }

        int count = BitConverter.ToInt32(data, 8);
        int labeled = BitConverter.ToInt32(data, 12);
        long expected = 16L + (count * 8L) + (count * 16L) + (count * 4L) + (labeled * 4L) + 8;
        if (count <= 0 || labeled <= 0 || expected != data.Length)
        {
            throw new InvalidDataException($"The cell index '{path}' has the wrong size for {count} cells.");
        }

        int offset = 16;
        var cells = MemoryMarshal.Cast<byte, CellKey>(data.AsSpan(offset, count * 8)).ToArray();
        offset += count * 8;
        var hashes = MemoryMarshal.Cast<byte, CellHash>(data.AsSpan(offset, count * 16)).ToArray();
        offset += count * 16;
        var byHash = MemoryMarshal.Cast<byte, int>(data.AsSpan(offset, count * 4)).ToArray();
        offset += count * 4;
        var cellOfLabeled = MemoryMarshal.Cast<byte, int>(data.AsSpan(offset, labeled * 4)).ToArray();
        return CellIndex.FromArrays(cells, hashes, cellOfLabeled, byHash, watch.Elapsed);
    }
}
