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
    private State _state;

    public Xoshiro256StarStar(ulong key)
    {
        ulong sm = key;
        _state.S0 = SeedStreams.Next(ref sm);
        _state.S1 = SeedStreams.Next(ref sm);
        _state.S2 = SeedStreams.Next(ref sm);
        _state.S3 = SeedStreams.Next(ref sm);
        if ((_state.S0 | _state.S1 | _state.S2 | _state.S3) == 0)
        {
            _state.S0 = 1; // the one state xoshiro cannot leave; SplitMix64 never produces it in practice
        }
    }

    /// <summary>The generator's state: a hot loop copies it into a local (kept in registers), draws from the copy and
    /// stores it back, the same draws as calling this instance.</summary>
    /// <remarks>For BOHB's candidate draws (64 × 26 per sample): through the instance every draw loads and stores the four
    /// words, ~20 % of a 10⁷-s run (dotnet-trace, /work/bench-home).</remarks>
    internal State Current
    {
        get => _state;
        set => _state = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64() => _state.NextUInt64();

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

    public override int Next(int maxValue) => _state.Next(maxValue);

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

    public override double NextDouble() => _state.NextDouble();

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

    /// <summary>xoshiro256**'s four words, with the draws of the bounded and double methods (the instance's are these).</summary>
    internal struct State
    {
        public ulong S0, S1, S2, S3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong NextUInt64()
        {
            ulong s0 = S0, s1 = S1, s2 = S2, s3 = S3;
            ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            (S0, S1, S2, S3) = (s0, s1, s2, s3);
            return result;
        }

        /// <summary>Uniform in [0, 1): the top 53 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform in [0, maxValue), Lemire's multiply-and-reject method on 32 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Next(int maxValue)
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
    }
}
