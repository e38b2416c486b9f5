using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace NasBench.Core;

/// <summary>
/// xoshiro256** (Blackman and Vigna 2018) behind the <see cref="Random"/> API, seeded from a 64-bit key through
/// SplitMix64 as its authors recommend. Created by <see cref="SeedStreams.Create"/>; not thread-safe.
/// </summary>
/// <remarks>
/// Every public draw is overridden, so nothing reaches the base class's legacy generator. Bounded integers use
/// Lemire's multiply-and-reject method (unbiased); doubles take the top 53 bits.
/// </remarks>
internal sealed class Xoshiro256StarStar : Random
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256StarStar(ulong key)
    {
        ulong sm = key;
        _s0 = SeedStreams.Next(ref sm);
        _s1 = SeedStreams.Next(ref sm);
        _s2 = SeedStreams.Next(ref sm);
        _s3 = SeedStreams.Next(ref sm);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1; // the one state xoshiro cannot leave; SplitMix64 never produces it in practice
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        return result;
    }

    public override int Next()
    {
        while (true)
        {
            ulong r = NextUInt64() >> 33; // 31 bits; int.MaxValue itself is excluded by the contract
            if (r != int.MaxValue)
            {
                return (int)r;
            }
        }
    }

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        uint bound = (uint)maxValue;
        ulong m = (ulong)(uint)(NextUInt64() >> 32) * bound;
        uint low = (uint)m;
        if (low < bound)
        {
            uint threshold = (0u - bound) % bound;
            while (low < threshold)
            {
                m = (ulong)(uint)(NextUInt64() >> 32) * bound;
                low = (uint)m;
            }
        }

        return (int)(m >> 32);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)Below((ulong)((long)maxValue - minValue)));
    }

    public override long NextInt64()
    {
        while (true)
        {
            ulong r = NextUInt64() >> 1;
            if (r != long.MaxValue)
            {
                return (long)r;
            }
        }
    }

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)Below((ulong)maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue + (long)Below((ulong)(maxValue - minValue));
    }

    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public override float NextSingle() => (NextUInt64() >> 40) * (1f / (1u << 24));

    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    public override void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, NextUInt64());
            buffer = buffer[8..];
        }

        if (!buffer.IsEmpty)
        {
            Span<byte> last = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    protected override double Sample() => NextDouble();

    /// <summary>Uniform in [0, bound) (0 when bound is 0), Lemire's method on 64 bits.</summary>
    private ulong Below(ulong bound)
    {
        if (bound <= 1)
        {
            return 0;
        }

        ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }
}
