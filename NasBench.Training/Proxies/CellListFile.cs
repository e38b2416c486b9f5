using System.Globalization;
using NasBench.Core;
using NasBench.Core.SearchSpace;

namespace NasBench.Training.Proxies;

/// <summary>One distinct cell of a cells file, with the mean of each numeric column over the rows that name it.</summary>
public sealed record ListedCell(ModelSpec Spec, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// Reads the cells of <c>nasbench study proxies --cells FILE</c>: one hash per line, or a CSV/TSV whose header has
/// <c>hash</c> (metrics_30k.csv), <c>raw_adjacency</c> and <c>raw_operations</c> (<c>nasbench space hash --file</c>'s
/// input), or <c>cell</c> (the seed paper's accuracies.csv: the 21 upper-triangle bits of the raw 7 × 7 matrix in
/// row-major i &lt; j order, a space, the 5 interior operations). Rows naming the same cell are merged (their numeric
/// columns averaged), in order of first appearance.
/// </summary>
public static class CellListFile
{
    /// <summary>The distinct cells of <paramref name="path"/>; <paramref name="space"/> resolves hashes (called only for a hash column or list).</summary>
    public static IReadOnlyList<ListedCell> Read(string path, Func<CellIndex> space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var lines = File.ReadLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw new InvalidDataException($"The cells file '{path}' is empty.");
        }

        if (CellHash.TryParse(lines[0].Trim(), out _))
        {
            var index = space();
            return Merge(lines.Select((l, i) => (FromHash(index, l.Trim(), path, i + 1), (IReadOnlyDictionary<string, double>)new Dictionary<string, double>())));
        }

        char separator = lines[0].Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var header = Split(lines[0], separator);
        int hash = Array.IndexOf(header, "hash"), adjacency = Array.IndexOf(header, "raw_adjacency"), operations = Array.IndexOf(header, "raw_operations"), cell = Array.IndexOf(header, "cell");
        if (hash < 0 && cell < 0 && (adjacency < 0 || operations < 0))
        {
            throw new InvalidDataException($"'{path}' needs a column hash, cell, or raw_adjacency and raw_operations; its header is: {string.Join(", ", header)}.");
        }

        var hashes = hash >= 0 ? space() : null;
        var rows = lines.Skip(1).Select((line, i) =>
        {
            var f = Split(line, separator);
            if (f.Length != header.Length)
            {
                throw new InvalidDataException($"Line {i + 2} of '{path}' has {f.Length} fields; the header has {header.Length}.");
            }

            var spec = hashes is not null ? FromHash(hashes, f[hash], path, i + 2)
                : cell >= 0 ? FromSeedPaperCell(f[cell])
                : ModelSpec.Parse(f[adjacency], f[operations]);
            var values = new Dictionary<string, double>();
            for (int c = 0; c < f.Length; c++)
            {
                if (double.TryParse(f[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && header[c].Length > 0)
                {
                    values[header[c]] = v;
                }
            }

            return (spec, (IReadOnlyDictionary<string, double>)values);
        });
        return Merge(rows);
    }

    /// <summary>A cell in the seed paper's format: "111111011111011100000 conv3x3-bn-relu conv1x1-bn-relu …" (7 × 7 raw, pruned here).</summary>
    public static ModelSpec FromSeedPaperCell(string text)
    {
        var parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 6 || parts[0].Length != 21 || parts[0].Any(c => c is not ('0' or '1')))
        {
            throw new InvalidDataException($"'{text}' is not a seed-paper cell (21 bits, a space, 5 operations).");
        }

        var matrix = new int[7, 7];
        int k = 0;
        for (int i = 0; i < 7; i++)
        {
            for (int j = i + 1; j < 7; j++)
            {
                matrix[i, j] = parts[0][k++] - '0';
            }
        }

        return ModelSpec.Create(matrix, [Operations.Input, .. parts[1..], Operations.Output]);
    }

    private static ModelSpec FromHash(CellIndex space, string text, string path, int line)
    {
        int index = CellHash.TryParse(text, out var h) ? space.IndexOf(h) : -1;
        return index >= 0 ? ModelSpec.FromCell(space.Cell(index))
            : throw new InvalidDataException($"Line {line} of '{path}': '{text}' is not the hash of a NAS-Bench-101 cell.");
    }

    private static string[] Split(string line, char separator) => separator == ',' ? CsvLine.Split(line) : line.Split('\t');

    private static List<ListedCell> Merge(IEnumerable<(ModelSpec Spec, IReadOnlyDictionary<string, double> Values)> rows)
    {
        var order = new List<string>();
        var groups = new Dictionary<string, List<(ModelSpec Spec, IReadOnlyDictionary<string, double> Values)>>();
        foreach (var row in rows)
        {
            string key = row.Spec.Hash.ToString();
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
                order.Add(key);
            }

            list.Add(row);
        }

        return [.. order.Select(key =>
        {
            var list = groups[key];
            var columns = list.SelectMany(r => r.Values.Keys).Distinct();
            return new ListedCell(list[0].Spec, columns.ToDictionary(c => c, c => list.Where(r => r.Values.ContainsKey(c)).Average(r => r.Values[c])));
        })];
    }
}
