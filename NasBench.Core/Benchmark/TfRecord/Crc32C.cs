using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace NasBench.Core.Benchmark.TfRecord;

/// <summary>CRC-32C (Castagnoli) and TFRecord's masked form of it.</summary>
/// <remarks>
/// Reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF; crc32c("123456789") = 0xE3069283.
/// x86 has the instruction (SSE4.2 crc32, 8 bytes per step); elsewhere a 256-entry table does it bytewise.
/// TFRecord stores <c>masked = rotr(crc, 15) + 0xA282EAD8</c> so that a CRC of data holding CRCs stays strong.
/// </remarks>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;
    private const uint MaskDelta = 0xA282EAD8;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFF, data);

    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Compute(data));

    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    public static uint Unmask(uint masked)
    {
        uint rotated = masked - MaskDelta;
        return (rotated << 15) | (rotated >> 17);
    }

    /// <summary>Continues a raw (not yet inverted) CRC state over more data.</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data) =>
        Sse42.IsSupported ? UpdateSse42(state, data) : UpdateTable(state, data);

    /// <summary>The portable path, public so tests can check it against the hardware path.</summary>
    public static uint UpdateTable(uint state, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            state = Table[(byte)(state ^ b)] ^ (state >> 8);
        }

        return state;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint UpdateSse42(uint state, ReadOnlySpan<byte> data)
    {
        int i = 0;
        if (Sse42.X64.IsSupported)
        {
            ulong wide = state;
            var words = MemoryMarshal.Cast<byte, ulong>(data);
            foreach (ulong w in words)
            {
                wide = Sse42.X64.Crc32(wide, w);
            }

            state = (uint)wide;
            i = words.Length * 8;
        }

        for (; i < data.Length; i++)
        {
            state = Sse42.Crc32(state, data[i]);
        }

        return state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
