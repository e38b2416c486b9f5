using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NasBench.Core.SearchSpace;

/// <summary>
/// MD5 (RFC 1321) for the short messages of the graph hash, with no allocation and no native call per message.
/// </summary>
/// <remarks>
/// The platform's MD5 goes through OpenSSL and pays a context set-up per call; the graph hash makes ~50 calls of
/// 30–420 bytes per cell, where that set-up dominates. The tests compare this against
/// <see cref="System.Security.Cryptography.MD5"/> on random inputs of every length up to several blocks.
/// </remarks>
internal static class Md5
{
    public static CellHash Hash(ReadOnlySpan<byte> message)
    {
        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        int full = message.Length & ~63;
        for (int offset = 0; offset < full; offset += 64)
        {
            Block(message.Slice(offset, 64), ref a, ref b, ref c, ref d);
        }

        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        int rest = message.Length - full;
        message[full..].CopyTo(tail);
        tail[rest] = 0x80;
        int tailLength = rest < 56 ? 64 : 128;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], (ulong)message.Length * 8);
        Block(tail[..64], ref a, ref b, ref c, ref d);
        if (tailLength == 128)
        {
            Block(tail[64..], ref a, ref b, ref c, ref d);
        }

        ulong high = ((ulong)BinaryPrimitives.ReverseEndianness(a) << 32) | BinaryPrimitives.ReverseEndianness(b);
        ulong low = ((ulong)BinaryPrimitives.ReverseEndianness(c) << 32) | BinaryPrimitives.ReverseEndianness(d);
        return new CellHash(high, low);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(uint a, uint b, uint c, uint d, uint x, uint k, int s) =>
        b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x + k, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(uint a, uint b, uint c, uint d, uint x, uint k, int s) =>
        b + BitOperations.RotateLeft(a + ((b & d) | (c & ~d)) + x + k, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint H(uint a, uint b, uint c, uint d, uint x, uint k, int s) =>
        b + BitOperations.RotateLeft(a + (b ^ c ^ d) + x + k, s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I(uint a, uint b, uint c, uint d, uint x, uint k, int s) =>
        b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + x + k, s);

    private static void Block(ReadOnlySpan<byte> block, ref uint ha, ref uint hb, ref uint hc, ref uint hd)
    {
        if (block.Length < 64)
        {
            throw new ArgumentException("An MD5 block is 64 bytes.", nameof(block));
        }

        ref byte start = ref MemoryMarshal.GetReference(block);
        uint x0 = Read(ref start, 0), x1 = Read(ref start, 1), x2 = Read(ref start, 2), x3 = Read(ref start, 3);
        uint x4 = Read(ref start, 4), x5 = Read(ref start, 5), x6 = Read(ref start, 6), x7 = Read(ref start, 7);
        uint x8 = Read(ref start, 8), x9 = Read(ref start, 9), x10 = Read(ref start, 10), x11 = Read(ref start, 11);
        uint x12 = Read(ref start, 12), x13 = Read(ref start, 13), x14 = Read(ref start, 14), x15 = Read(ref start, 15);
        uint a = ha, b = hb, c = hc, d = hd;

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

        ha += a; hb += b; hc += c; hd += d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Read(ref byte start, int word)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, word * 4));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }
}
