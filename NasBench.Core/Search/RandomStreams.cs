using System.Runtime.CompilerServices;

namespace NasBench.Core.Search;

/// <summary>The draws of the searches' inner loops (BOHB's candidates, TPE's suggestions), generic over the stream so that
/// the run's xoshiro256** is called directly and inlined instead of through <see cref="Random"/>'s virtual methods (the
/// draws were ~15 % of a BOHB run and ~17 % of a TPE run that way: dotnet-trace and Stopwatch, /work/bench-home).</summary>
internal interface IRandomStream
{
    /// <summary>As <see cref="Random.NextDouble"/>.</summary>
    double NextDouble();

    /// <summary>As <see cref="Random.Next(int)"/>.</summary>
    int Next(int maxValue);

    /// <summary>Two uniform 32-bit integers: the low and the high half.</summary>
    ulong NextBits();
}

/// <summary>The run's xoshiro256** with its state in a local: copy <see cref="Xoshiro256StarStar.Current"/> in, draw, store
/// <see cref="State"/> back, and the generator has made the same draws as through its own methods.</summary>
internal struct XoshiroStream : IRandomStream
{
    public Xoshiro256StarStar.State State;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => State.NextDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int maxValue) => State.Next(maxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextBits() => State.NextUInt64();
}

/// <summary>Any other <see cref="Random"/> (the tests' seeded <see cref="Random"/>).</summary>
internal readonly struct AnyStream(Random random) : IRandomStream
{
    public double NextDouble() => random.NextDouble();

    public int Next(int maxValue) => random.Next(maxValue);

    /// <remarks>Each half ⌊u · 2³²⌋ of a NextDouble() u (exact scaling; any Random's doubles are uniform to 2⁻³¹ or finer),
    /// the low half first.</remarks>
    public ulong NextBits() => Half() | (Half() << 32);

    private ulong Half() => (ulong)(random.NextDouble() * 4294967296.0);
}
