using System.Numerics;
using System.Runtime.InteropServices;

namespace NasBench.Core.Benchmark.TfRecord;

/// <summary>CRC-32C (Castagnoli) and TFRecord's masked form of it.</summary>
/// <remarks>
/// Reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF; crc32c("123456789") = 0xE3069283.
/// The steps are the BCL's <see cref="BitOperations.Crc32C(uint, ulong)"/> (the SSE4.2 / ARM instruction where there
/// is one, a software fallback elsewhere), 8 bytes at a time. TFRecord stores
/// <c>masked = rotr(crc, 15) + 0xA282EAD8</c> so that a CRC of data holding CRCs stays strong.
/// </remarks>
internal static class Crc32C
{
    private const uint MaskDelta = 0xA282EAD8;

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFF, data);

    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Compute(data));

    public static uint Mask(uint crc) => BitOperations.RotateRight(crc, 15) + MaskDelta;

    public static uint Unmask(uint masked) => BitOperations.RotateLeft(masked - MaskDelta, 15);

    /// <summary>Continues a raw (not yet inverted) CRC state over more data.</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong w in words)
        {
            state = BitOperations.Crc32C(state, w);
        }

        foreach (byte b in data[(words.Length * 8)..])
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }
}
