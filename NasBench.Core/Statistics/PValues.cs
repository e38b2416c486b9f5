using System.Globalization;

namespace NasBench.Core.Statistics;

/// <summary>The one way p-values are printed everywhere: "&lt; 0.001" below a thousandth, else three decimals.</summary>
public static class PValues
{
    /// <summary>"&lt; 0.001", "0.043", or "—" for NaN.</summary>
    public static string Format(double p) => !double.IsFinite(p) ? "—"
        : p < 0.001 ? "< 0.001"
        : p.ToString("0.000", CultureInfo.InvariantCulture);
}
