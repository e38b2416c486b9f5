using System.Buffers.Binary;
using System.Globalization;

namespace NasBench.Core.SearchSpace;

/// <summary>
/// A 16-byte module hash (MD5 digest). Ordering equals the ordinal order of the 32-character lowercase hex text,
/// so a table sorted by <see cref="CellHash"/> is sorted as the dataset's hash strings are.
/// </summary>
public readonly record struct CellHash(ulong High, ulong Low) : IComparable<CellHash>
{
    /// <summary>The hash of a 16-byte MD5 digest.</summary>
    public static CellHash FromDigest(ReadOnlySpan<byte> digest) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));

    /// <summary>Writes the 16 digest bytes.</summary>
    public void WriteDigest(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>Parses 32 hex digits (either case).</summary>
    public static CellHash Parse(string text) =>
        TryParse(text, out var hash)
            ? hash
            : throw new FormatException($"'{text}' is not a module hash: expected 32 hexadecimal digits.");

    /// <summary>Parses 32 hex digits; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out CellHash hash)
    {
        hash = default;
        if (text.Length != 32
            || !ulong.TryParse(text[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !ulong.TryParse(text[16..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
        {
            return false;
        }

        hash = new(high, low);
        return true;
    }

    /// <summary>Writes the 32 lowercase hex digits as ASCII bytes.</summary>
    public void WriteHex(Span<byte> destination)
    {
        Span<byte> digest = stackalloc byte[16];
        WriteDigest(digest);
        Convert.TryToHexStringLower(digest, destination[..32], out _);
    }

    /// <summary>Orders as the hex strings sort (the reference's hash order).</summary>
    public int CompareTo(CellHash other)
    {
        int c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }

    /// <summary>The order of <see cref="CompareTo"/>.</summary>
    public static bool operator <(CellHash left, CellHash right) => left.CompareTo(right) < 0;

    /// <summary>The order of <see cref="CompareTo"/>.</summary>
    public static bool operator >(CellHash left, CellHash right) => left.CompareTo(right) > 0;

    /// <summary>The order of <see cref="CompareTo"/>.</summary>
    public static bool operator <=(CellHash left, CellHash right) => left.CompareTo(right) <= 0;

    /// <summary>The order of <see cref="CompareTo"/>.</summary>
    public static bool operator >=(CellHash left, CellHash right) => left.CompareTo(right) >= 0;

    /// <summary>The 32 lower-case hex digits of the module hash, as the dataset writes it.</summary>
    public override string ToString() => string.Create(32, this, static (span, h) =>
    {
        Span<byte> ascii = stackalloc byte[32];
        h.WriteHex(ascii);
        for (int i = 0; i < 32; i++)
        {
            span[i] = (char)ascii[i];
        }
    });
}
