using System.Globalization;
using NasBench.Core.Options;

namespace NasBench.Core.Experiments.Runners;

/// <summary>Two numeric columns of a CSV file with a header row (the input of <c>study correlate</c>).</summary>
public static class CsvColumns
{
    /// <summary>Reads the columns named <paramref name="xName"/> and <paramref name="yName"/>; a missing column or a
    /// non-number names the file, the line and the column.</summary>
    public static (double[] X, double[] Y) Read(string path, string xName, string yName, int maxRows)
    {
        if (!File.Exists(path))
        {
            throw new RequestValidationException([new RequestError("file", $"--file '{path}' does not exist.")]);
        }

        using var reader = new StreamReader(path);
        var header = CsvLine.Split(reader.ReadLine() ?? throw new RequestValidationException([new RequestError("file", $"--file '{path}' is empty.")]));
        int ix = Array.IndexOf(header, xName), iy = Array.IndexOf(header, yName);
        if (ix < 0 || iy < 0)
        {
            string field = ix < 0 ? "x" : "y";
            throw new RequestValidationException([new RequestError(field, $"--{field}: {path} has no column '{(ix < 0 ? xName : yName)}' (columns: {string.Join(", ", header)}).")]);
        }

        var xs = new List<double>();
        var ys = new List<double>();
        int line = 1;
        for (string? text = reader.ReadLine(); text is not null && xs.Count < maxRows; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var f = CsvLine.Split(text);
            if (f.Length <= Math.Max(ix, iy)
                || !double.TryParse(f[ix], NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                || !double.TryParse(f[iy], NumberStyles.Float, CultureInfo.InvariantCulture, out double b)
                || !double.IsFinite(a) || !double.IsFinite(b))
            {
                throw new RequestValidationException([new RequestError("file", $"--file {path}:{line}: '{xName}' or '{yName}' is missing or not a finite number.")]);
            }

            xs.Add(a);
            ys.Add(b);
        }

        return ([.. xs], [.. ys]);
    }
}
