using System.Buffers.Binary;
using System.Text.Json;
using NasBench.Core;
using NasBench.Core.Benchmark.Store;
using NasBench.Core.Experiments;

namespace NasBench.Web.Data;

/// <summary>The benchmark in use (the default store of the data folder), read from the store's header only.</summary>
/// <param name="Available">Whether a store is there.</param>
/// <param name="Store">Its path.</param>
/// <param name="Message">How to get one, when there is none (or what is wrong with it).</param>
public sealed record BenchmarkInfo(bool Available, string Store, string? SourceFile, string? Sha256, bool Synthetic, int Cells, int[] Epochs, long Records, string? Message)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The benchmark named by the default source (--store / $NASBENCH_STORE / nasbench.json / the data folder's).</summary>
    public static BenchmarkInfo Read()
    {
        string path = NasBenchPaths.ResolveStore(null);
        if (!File.Exists(path))
        {
            return new BenchmarkInfo(false, path, null, null, false, 0, [], 0, BenchmarkProvider.MissingStoreMessage(path));
        }

        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[16];
            stream.ReadExactly(head);
            int length = BinaryPrimitives.ReadInt32LittleEndian(head[12..]);
            if (length is <= 0 or > 1 << 20)
            {
                throw new InvalidDataException("bad header");
            }

            var json = new byte[length];
            stream.ReadExactly(json);
            var m = JsonSerializer.Deserialize<StoreMetadata>(json, Json) ?? throw new InvalidDataException("no metadata");
            return new BenchmarkInfo(true, path, m.SourceFile, m.SourceSha256, m.IsSynthetic, m.Cells, m.Epochs, m.RecordCount, null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            return new BenchmarkInfo(false, path, null, null, false, 0, [], 0, $"The store '{path}' cannot be read ({e.Message}); import it again.");
        }
    }
}
