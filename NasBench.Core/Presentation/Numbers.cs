using System.Globalization;

namespace NasBench.Core.Presentation;

/// <summary>
/// Numbers as pages print them: with the precision they carry, 4 significant digits (files keep full precision, "R").
/// Powers of ten as 10⁻ᵏ for log axes.
/// </summary>
public static class Numbers
{
    /// <summary><paramref name="value"/> to <paramref name="digits"/> significant digits, "—" when not finite.</summary>
    public static string Format(double value, int digits = 4)
    {
        if (!double.IsFinite(value))
        {
            return "—";
        }

        if (value == 0)
        {
            return "0";
        }

        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude < -4 || magnitude >= 7)
        {
            return value.ToString("0." + new string('#', digits - 1) + "e0", CultureInfo.InvariantCulture);
        }

        int decimals = Math.Max(0, digits - 1 - magnitude);
        return Math.Round(value, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>A mean with its 95 % CI half-width: "0.9412 ± 0.0031" (the half-width's decimals follow the mean's).</summary>
    public static string MeanCi(double mean, double half, int digits = 4)
    {
        string m = Format(mean, digits);
        if (!double.IsFinite(half))
        {
            return m;
        }

        int decimals = m.Contains('.', StringComparison.Ordinal) && !m.Contains('e', StringComparison.Ordinal) ? m.Length - m.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        return $"{m} ± {half.ToString("F" + decimals, CultureInfo.InvariantCulture)}";
    }

    /// <summary>A power of ten as "10⁻³" (superscript digits), the label of a log axis' decade tick.</summary>
    public static string PowerOfTen(int exponent)
    {
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var digits = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).Select(c => superscripts[c - '0']);
        return "10" + (exponent < 0 ? "⁻" : string.Empty) + string.Concat(digits);
    }
}
