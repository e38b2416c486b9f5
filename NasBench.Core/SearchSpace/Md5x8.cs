using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasBench.Core.SearchSpace;

/// <summary>
/// Up to eight MD5 digests at once, one message per 32-bit lane of a 256-bit vector (AVX2/AVX-512 on x86, the
/// portable Vector256 elsewhere). The graph hash computes all vertices of a round at once, which is exactly this
/// shape: seven short messages of similar length.
/// </summary>
/// <remarks>
/// <code>
/// pad every message (0x80, zeros, bit length) and store it word-interleaved: words[block][w][lane]
/// for block = 0 .. max blocks - 1: run the 64 MD5 steps on all lanes; lanes whose message has fewer blocks keep
/// their state (masked select)
/// </code>
/// Falls back to <see cref="Md5.Hash"/> per message where 256-bit vectors are not accelerated. The tests compare
/// every lane against <see cref="Md5"/> on messages of every length up to several blocks.
/// </remarks>
internal static class Md5x8
{
    public const int Lanes = 8;

    /// <summary>Hashes messages <c>data[starts[i] .. starts[i] + lengths[i]]</c> into <paramref name="results"/>, eight at a time.</summary>
    public static void HashMany(ReadOnlySpan<byte> data, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<CellHash> results)
    {
        for (int first = 0; first < starts.Length; first += Lanes)
        {
            int count = Math.Min(Lanes, starts.Length - first);
            if (!Vector256.IsHardwareAccelerated || count == 1)
            {
                for (int i = first; i < first + count; i++)
                {
                    results[i] = Md5.Hash(data.Slice(starts[i], lengths[i]));
                }
            }
            else
            {
                HashLanes(data, starts.Slice(first, count), lengths.Slice(first, count), results.Slice(first, count));
            }
        }
    }

    private static int Blocks(int length) => (length + 8) / 64 + 1;

    private static void HashLanes(ReadOnlySpan<byte> data, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<CellHash> results)
    {
        int count = starts.Length;
        int maxBlocks = 0;
        Span<uint> blocksOfLane = stackalloc uint[Lanes];
        for (int lane = 0; lane < count; lane++)
        {
            blocksOfLane[lane] = (uint)Blocks(lengths[lane]);
            maxBlocks = Math.Max(maxBlocks, (int)blocksOfLane[lane]);
        }

        int wordCount = maxBlocks * 16 * Lanes;
        uint[]? rented = wordCount > 2048 ? ArrayPool<uint>.Shared.Rent(wordCount) : null;
        Span<uint> words = rented is null ? stackalloc uint[wordCount] : rented.AsSpan(0, wordCount);
        words.Clear();
        Span<byte> padded = stackalloc byte[64];
        for (int lane = 0; lane < count; lane++)
        {
            var message = data.Slice(starts[lane], lengths[lane]);
            int blocks = (int)blocksOfLane[lane];
            for (int block = 0; block < blocks; block++)
            {
                padded.Clear();
                int offset = block * 64;
                if (offset < message.Length)
                {
                    message.Slice(offset, Math.Min(64, message.Length - offset)).CopyTo(padded);
                }

                if (message.Length >= offset && message.Length < offset + 64)
                {
                    padded[message.Length - offset] = 0x80;
                }

                if (block == blocks - 1)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(padded[56..], (ulong)message.Length * 8);
                }

                for (int w = 0; w < 16; w++)
                {
                    words[(((block * 16) + w) * Lanes) + lane] = BinaryPrimitives.ReadUInt32LittleEndian(padded[(w * 4)..]);
                }
            }
        }

        var a = Vector256.Create(0x67452301u);
        var b = Vector256.Create(0xefcdab89u);
        var c = Vector256.Create(0x98badcfeu);
        var d = Vector256.Create(0x10325476u);
        var remaining = Vector256.Create(blocksOfLane);
        for (int block = 0; block < maxBlocks; block++)
        {
            var active = Vector256.GreaterThan(remaining, Vector256.Create((uint)block));
            var (na, nb, nc, nd) = Block(words.Slice(block * 16 * Lanes, 16 * Lanes), a, b, c, d);
            a = Vector256.ConditionalSelect(active, na, a);
            b = Vector256.ConditionalSelect(active, nb, b);
            c = Vector256.ConditionalSelect(active, nc, c);
            d = Vector256.ConditionalSelect(active, nd, d);
        }

        for (int lane = 0; lane < count; lane++)
        {
            ulong high = ((ulong)BinaryPrimitives.ReverseEndianness(a.GetElement(lane)) << 32) | BinaryPrimitives.ReverseEndianness(b.GetElement(lane));
            ulong low = ((ulong)BinaryPrimitives.ReverseEndianness(c.GetElement(lane)) << 32) | BinaryPrimitives.ReverseEndianness(d.GetElement(lane));
            results[lane] = new CellHash(high, low);
        }

        if (rented is not null)
        {
            ArrayPool<uint>.Shared.Return(rented);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotl(Vector256<uint> x, [ConstantExpected] byte s) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(x, s) : Vector256.ShiftLeft(x, s) | Vector256.ShiftRightLogical(x, 32 - s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> F(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> x, uint k, [ConstantExpected] byte s) =>
        b + Rotl(a + Vector256.ConditionalSelect(b, c, d) + x + Vector256.Create(k), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> G(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> x, uint k, [ConstantExpected] byte s) =>
        b + Rotl(a + Vector256.ConditionalSelect(d, b, c) + x + Vector256.Create(k), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> H(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> x, uint k, [ConstantExpected] byte s) =>
        b + Rotl(a + (b ^ c ^ d) + x + Vector256.Create(k), s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> I(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c, Vector256<uint> d, Vector256<uint> x, uint k, [ConstantExpected] byte s) =>
        b + Rotl(a + (c ^ (b | ~d)) + x + Vector256.Create(k), s);

    private static (Vector256<uint>, Vector256<uint>, Vector256<uint>, Vector256<uint>) Block(ReadOnlySpan<uint> w,
        Vector256<uint> ha, Vector256<uint> hb, Vector256<uint> hc, Vector256<uint> hd)
    {
        var x0 = Vector256.Create(w[..8]); var x1 = Vector256.Create(w[8..16]); var x2 = Vector256.Create(w[16..24]); var x3 = Vector256.Create(w[24..32]);
        var x4 = Vector256.Create(w[32..40]); var x5 = Vector256.Create(w[40..48]); var x6 = Vector256.Create(w[48..56]); var x7 = Vector256.Create(w[56..64]);
        var x8 = Vector256.Create(w[64..72]); var x9 = Vector256.Create(w[72..80]); var x10 = Vector256.Create(w[80..88]); var x11 = Vector256.Create(w[88..96]);
        var x12 = Vector256.Create(w[96..104]); var x13 = Vector256.Create(w[104..112]); var x14 = Vector256.Create(w[112..120]); var x15 = Vector256.Create(w[120..128]);
        var a = ha; var b = hb; var c = hc; var d = hd;

        a = F(a, b, c, d, x0, 0xd76aa478, 7); d = F(d, a, b, c, x1, 0xe8c7b756, 12);
        c = F(c, d, a, b, x2, 0x242070db, 17); b = F(b, c, d, a, x3, 0xc1bdceee, 22);
        a = F(a, b, c, d, x4, 0xf57c0faf, 7); d = F(d, a, b, c, x5, 0x4787c62a, 12);
        c = F(c, d, a, b, x6, 0xa8304613, 17); b = F(b, c, d, a, x7, 0xfd469501, 22);
        a = F(a, b, c, d, x8, 0x698098d8, 7); d = F(d, a, b, c, x9, 0x8b44f7af, 12);
        c = F(c, d, a, b, x10, 0xffff5bb1, 17); b = F(b, c, d, a, x11, 0x895cd7be, 22);
        a = F(a, b, c, d, x12, 0x6b901122, 7); d = F(d, a, b, c, x13, 0xfd987193, 12);
        c = F(c, d, a, b, x14, 0xa679438e, 17); b = F(b, c, d, a, x15, 0x49b40821, 22);

        a = G(a, b, c, d, x1, 0xf61e2562, 5); d = G(d, a, b, c, x6, 0xc040b340, 9);
        c = G(c, d, a, b, x11, 0x265e5a51, 14); b = G(b, c, d, a, x0, 0xe9b6c7aa, 20);
        a = G(a, b, c, d, x5, 0xd62f105d, 5); d = G(d, a, b, c, x10, 0x02441453, 9);
        c = G(c, d, a, b, x15, 0xd8a1e681, 14); b = G(b, c, d, a, x4, 0xe7d3fbc8, 20);
        a = G(a, b, c, d, x9, 0x21e1cde6, 5); d = G(d, a, b, c, x14, 0xc33707d6, 9);
        c = G(c, d, a, b, x3, 0xf4d50d87, 14); b = G(b, c, d, a, x8, 0x455a14ed, 20);
        a = G(a, b, c, d, x13, 0xa9e3e905, 5); d = G(d, a, b, c, x2, 0xfcefa3f8, 9);
        c = G(c, d, a, b, x7, 0x676f02d9, 14); b = G(b, c, d, a, x12, 0x8d2a4c8a, 20);

        a = H(a, b, c, d, x5, 0xfffa3942, 4); d = H(d, a, b, c, x8, 0x8771f681, 11);
        c = H(c, d, a, b, x11, 0x6d9d6122, 16); b = H(b, c, d, a, x14, 0xfde5380c, 23);
        a = H(a, b, c, d, x1, 0xa4beea44, 4); d = H(d, a, b, c, x4, 0x4bdecfa9, 11);
        c = H(c, d, a, b, x7, 0xf6bb4b60, 16); b = H(b, c, d, a, x10, 0xbebfbc70, 23);
        a = H(a, b, c, d, x13, 0x289b7ec6, 4); d = H(d, a, b, c, x0, 0xeaa127fa, 11);
        c = H(c, d, a, b, x3, 0xd4ef3085, 16); b = H(b, c, d, a, x6, 0x04881d05, 23);
        a = H(a, b, c, d, x9, 0xd9d4d039, 4); d = H(d, a, b, c, x12, 0xe6db99e5, 11);
        c = H(c, d, a, b, x15, 0x1fa27cf8, 16); b = H(b, c, d, a, x2, 0xc4ac5665, 23);

        a = I(a, b, c, d, x0, 0xf4292244, 6); d = I(d, a, b, c, x7, 0x432aff97, 10);
        c = I(c, d, a, b, x14, 0xab9423a7, 15); b = I(b, c, d, a, x5, 0xfc93a039, 21);
        a = I(a, b, c, d, x12, 0x655b59c3, 6); d = I(d, a, b, c, x3, 0x8f0ccc92, 10);
        c = I(c, d, a, b, x10, 0xffeff47d, 15); b = I(b, c, d, a, x1, 0x85845dd1, 21);
        a = I(a, b, c, d, x8, 0x6fa87e4f, 6); d = I(d, a, b, c, x15, 0xfe2ce6e0, 10);
        c = I(c, d, a, b, x6, 0xa3014314, 15); b = I(b, c, d, a, x13, 0x4e0811a1, 21);
        a = I(a, b, c, d, x4, 0xf7537e82, 6); d = I(d, a, b, c, x11, 0xbd3af235, 10);
        c = I(c, d, a, b, x2, 0x2ad7d2bb, 15); b = I(b, c, d, a, x9, 0xeb86d391, 21);

        return (ha + a, hb + b, hc + c, hd + d);
    }
}
