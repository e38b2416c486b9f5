namespace NasBench.Core.Search;

/// <summary>statsmodels' <c>KDEMultivariate</c> with every variable unordered ('u') and the normal-reference bandwidth.</summary>
internal sealed class CategoricalKde
{
    private readonly int[][] _rows;
    private readonly int[] _levels;

    private CategoricalKde(int[][] rows, double[] bandwidth)
    {
        _rows = rows;
        Bandwidth = bandwidth;
        _levels = new int[bandwidth.Length];
        for (int d = 0; d < _levels.Length; d++)
        {
            _levels[d] = rows.Select(r => r[d]).Distinct().Count();
        }
    }

    /// <summary>The bandwidth of each variable (after the clip at the minimum).</summary>
    public double[] Bandwidth { get; }

    /// <summary>Number of observations.</summary>
    public int Rows => _rows.Length;

    /// <summary>Observation <paramref name="r"/>.</summary>
    public int[] Row(int r) => _rows[r];

    /// <summary>Fits with bw_d = 1.06 · std_d · n^(−1/(4 + dims)) (population std), clipped below at <paramref name="minBandwidth"/>.</summary>
    public static CategoricalKde Fit(int[][] rows, double minBandwidth)
    {
        int n = rows.Length, dims = rows[0].Length;
        var bandwidth = new double[dims];
        for (int d = 0; d < dims; d++)
        {
            double mean = rows.Average(r => (double)r[d]);
            double std = Math.Sqrt(rows.Sum(r => (r[d] - mean) * (r[d] - mean)) / n);
            bandwidth[d] = Math.Max(1.06 * std * Math.Pow(n, -1.0 / (4 + dims)), minBandwidth);
        }

        return new CategoricalKde(rows, bandwidth);
    }

    /// <summary>pdf(x) = mean over rows of Π_d (x_d = row_d ? 1 − bw_d : bw_d / (levels_d − 1)), Aitchison–Aitken.</summary>
    /// <remarks>As in statsmodels, levels_d counts the distinct values of column d in the data: a column with one value
    /// gives bw/0 = ∞ for any other value (bohb.py then takes such a candidate at once if l is finite).</remarks>
    public double Density(ReadOnlySpan<int> x)
    {
        double sum = 0;
        foreach (var row in _rows)
        {
            double product = 1;
            for (int d = 0; d < x.Length; d++)
            {
                product *= x[d] == row[d] ? 1 - Bandwidth[d] : Bandwidth[d] / (_levels[d] - 1);
            }

            sum += product;
        }

        return sum / _rows.Length;
    }
}
