using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NasBench.Core.Search;

/// <summary>BOHB's draw of one candidate around a datum, every variable at once (up to 32 variables of up to 4 categories):
/// variable d of the candidate is the datum's value moved by k_d = #{ j &lt; c_d : u_d &lt; j · q_d } mod c_d
/// (<see cref="Variable"/>), u_d the d-th 32-bit uniform.</summary>
/// <remarks>The thresholds are set once per model (<see cref="Set"/>, at each fit or commit of the good density); a candidate is then three compares, an add and a wrap
/// on four vectors of eight lanes, and the datum's bytes widened and the result narrowed back into the probe's bytes. One
/// variable at a time this was ~40 % of the draws' time, the generator's 13 draws the rest (Stopwatch, 10 runs to 10⁷ s on
/// /work/bench-home).</remarks>
internal sealed class CandidateDraw
{
    private const int Lanes = 32;
    private readonly Vector256<uint>[] _first = new Vector256<uint>[4];
    private readonly Vector256<uint>[] _second = new Vector256<uint>[4];
    private readonly Vector256<uint>[] _third = new Vector256<uint>[4];
    private readonly Vector256<uint>[] _categories = new Vector256<uint>[4];
    private Vector256<byte> _past;

    /// <summary>Number of 64-bit draws a candidate takes: two variables each (the low half first).</summary>
    public int Words { get; private set; }

    /// <summary>Sets the thresholds of each variable from its keep probability and number of categories.</summary>
    public void Set(ReadOnlySpan<double> keep, ReadOnlySpan<int> categories)
    {
        if (keep.Length > Lanes || categories.Length != keep.Length)
        {
            throw new ArgumentException($"At most {Lanes} variables, one keep probability each.", nameof(keep));
        }

        Span<uint> first = stackalloc uint[Lanes], second = stackalloc uint[Lanes], third = stackalloc uint[Lanes], count = stackalloc uint[Lanes];
        Span<byte> past = stackalloc byte[Lanes];
        first.Clear();
        second.Clear();
        third.Clear();
        count.Fill(byte.MaxValue + 1);    // past the last variable: no wrap (those lanes are overwritten)
        past.Fill(0xFF);
        for (int d = 0; d < keep.Length; d++)
        {
            var variable = Variable.Of(keep[d], categories[d]);

            // j · q ≤ (c − 1) / c &lt; 1, so every threshold is below 2³² and fits 32 bits.
            (first[d], second[d], third[d], count[d], past[d]) = (checked((uint)variable.First), checked((uint)variable.Second), checked((uint)variable.Third), (uint)categories[d], 0);
        }

        for (int i = 0; i < 4; i++)
        {
            (_first[i], _second[i], _third[i], _categories[i]) = (Vector256.Create<uint>(first[(i * 8)..]), Vector256.Create<uint>(second[(i * 8)..]), Vector256.Create<uint>(third[(i * 8)..]), Vector256.Create<uint>(count[(i * 8)..]));
        }

        _past = Vector256.Create<byte>(past);
        Words = (keep.Length + 1) / 2;
    }

    /// <summary>The candidate's probe (0xFE past the last variable) around the packed <paramref name="datum"/>, from the first
    /// <see cref="Words"/> of <paramref name="uniforms"/> (16 words: the rest are read but not used).</summary>
    public Vector256<byte> Choose(Vector256<byte> datum, ReadOnlySpan<ulong> uniforms)
    {
        var u = MemoryMarshal.Cast<ulong, uint>(uniforms[..16]);
        var (low, high) = Vector256.Widen(datum);
        var (v0, v1) = Vector256.Widen(low);
        var (v2, v3) = Vector256.Widen(high);
        v0 = Lane(v0, Vector256.Create<uint>(u), 0);
        v1 = Lane(v1, Vector256.Create<uint>(u[8..]), 1);
        v2 = Lane(v2, Vector256.Create<uint>(u[16..]), 2);
        v3 = Lane(v3, Vector256.Create<uint>(u[24..]), 3);
        var bytes = Vector256.Narrow(Vector256.Narrow(v0, v1), Vector256.Narrow(v2, v3));
        return Vector256.ConditionalSelect(_past, Vector256.Create((byte)0xFE), bytes);
    }

    /// <remarks>A true compare is all ones (−1): subtracting the three adds k; the wrap subtracts c where the value reached it.</remarks>
    private Vector256<uint> Lane(Vector256<uint> datum, Vector256<uint> u, int i)
    {
        var value = datum - Vector256.LessThan(u, _first[i]) - Vector256.LessThan(u, _second[i]) - Vector256.LessThan(u, _third[i]);
        return value - (_categories[i] & Vector256.GreaterThanOrEqual(value, _categories[i]));
    }

    /// <summary>One variable's thresholds for a 32-bit uniform u: the draw moves the datum's value by k = #{ j &lt; c : u &lt;
    /// <see cref="CategoricalKde.Threshold"/>(j · q) }, mod <see cref="Categories"/> (see <c>BohbModel.Draw</c>; at most 4
    /// categories: <see cref="First"/>, <see cref="Second"/>, <see cref="Third"/>
    /// for j = 1, 2, 3, 0 where j ≥ c).</summary>
    internal readonly record struct Variable(ulong First, ulong Second, ulong Third, int Categories)
    {
        /// <summary>The variable with keep probability <paramref name="keep"/> (clamped to [0, 1]) and
        /// <paramref name="categories"/> values.</summary>
        public static Variable Of(double keep, int categories)
        {
            double q = (1 - Math.Clamp(keep, 0, 1)) / categories;
            ulong Below(int j) => j < categories ? CategoricalKde.Threshold(j * q) : 0;
            return new Variable(Below(1), Below(2), Below(3), categories);
        }
    }
}
