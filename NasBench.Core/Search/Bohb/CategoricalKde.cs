using System.Runtime.Intrinsics;

namespace NasBench.Core.Search;

/// <summary>statsmodels' <c>KDEMultivariate</c> with every variable unordered ('u') and the normal-reference bandwidth.</summary>
/// <remarks>
/// A row's kernel product is C · Π over the variables where it matches x of r_d, with m_d = bw_d / (levels_d − 1),
/// C = Π m_d and r_d = (1 − bw_d) / m_d; so one vector compare per row gives the match mask and four 7-bit table
/// look-ups its product (the same numbers as the direct product, in another order). Up to 32 variables.
/// </remarks>
internal sealed class CategoricalKde
{
    private const int ChunkBits = 7;
    private readonly int[][] _rows;
    private readonly byte[] _packed;
    private readonly int[] _oneLevel;
    private readonly double[][] _tables;
    private readonly double _scale;
    private readonly int _dims;

    private CategoricalKde(int[][] rows, double[] bandwidth)
    {
        _rows = rows;
        _dims = bandwidth.Length;
        Bandwidth = bandwidth;
        _oneLevel = new int[_dims];
        var ratio = new double[_dims];
        _scale = 1;
        for (int d = 0; d < _dims; d++)
        {
            var values = rows.Select(r => r[d]).Distinct().ToArray();
            _oneLevel[d] = values.Length == 1 ? values[0] : -1;
            double mismatch = values.Length == 1 ? 1 : bandwidth[d] / (values.Length - 1);
            _scale *= mismatch;
            ratio[d] = (1 - bandwidth[d]) / mismatch;
        }

        _tables = new double[(_dims + ChunkBits - 1) / ChunkBits][];
        for (int c = 0; c < _tables.Length; c++)
        {
            _tables[c] = new double[1 << ChunkBits];
            for (int mask = 0; mask < _tables[c].Length; mask++)
            {
                double product = 1;
                for (int b = 0; b < ChunkBits && (c * ChunkBits) + b < _dims; b++)
                {
                    product *= (mask >> b & 1) != 0 ? ratio[(c * ChunkBits) + b] : 1;
                }

                _tables[c][mask] = product;
            }
        }

        _packed = new byte[rows.Length * 32];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int d = 0; d < 32; d++)
            {
                _packed[(r * 32) + d] = d < _dims ? (byte)rows[r][d] : (byte)0xFF;
            }
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
        if (dims > 32)
        {
            throw new ArgumentException("At most 32 variables.", nameof(rows));
        }

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
        Span<byte> packed = stackalloc byte[32];
        packed.Fill(0xFE);
        for (int d = 0; d < _dims; d++)
        {
            if (_oneLevel[d] >= 0 && x[d] != _oneLevel[d])
            {
                return double.PositiveInfinity;
            }

            packed[d] = (byte)x[d];
        }

        var probe = Vector256.Create<byte>(packed);
        uint used = _dims == 32 ? uint.MaxValue : (1u << _dims) - 1;
        double sum = 0;
        for (int r = 0; r < _rows.Length; r++)
        {
            uint mask = Vector256.Equals(Vector256.Create<byte>(_packed.AsSpan(r * 32, 32)), probe).ExtractMostSignificantBits() & used;
            double product = 1;
            for (int c = 0; c < _tables.Length; c++, mask >>= ChunkBits)
            {
                product *= _tables[c][mask & ((1 << ChunkBits) - 1)];
            }

            sum += product;
        }

        return _scale * sum / _rows.Length;
    }
}
