using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Records;

/// <summary>
/// Reads the dataset's adjacency and operations strings straight from UTF-8 bytes into a <see cref="CellKey"/>,
/// without allocating: the importer does this for every record.
/// </summary>
internal static class CellText
{
    private static readonly byte[][] InteriorNames =
        [.. Operations.Available.Select(System.Text.Encoding.ASCII.GetBytes)];

    /// <summary>Parses the raw (as stored, not pruned) cell; returns null or the problem.</summary>
    public static string? TryParse(ReadOnlySpan<byte> adjacency, ReadOnlySpan<byte> operations, out CellKey raw)
    {
        raw = default;
        int n = (int)Math.Round(Math.Sqrt(adjacency.Length));
        if (n * n != adjacency.Length || n < 2)
        {
            return $"the adjacency string has {adjacency.Length} characters, not the square of a vertex count of at least 2";
        }

        if (n > SpaceLimits.MaxVertices)
        {
            return $"the adjacency has {n} vertices; the space allows at most {SpaceLimits.MaxVertices}";
        }

        uint edges = 0;
        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y < n; y++)
            {
                byte c = adjacency[(x * n) + y];
                if (c == (byte)'1' && y > x)
                {
                    edges |= 1u << CellKey.EdgeBit(x, y);
                }
                else if (c != (byte)'0')
                {
                    return c == (byte)'1'
                        ? $"the adjacency is not strictly upper triangular (entry [{x},{y}] is set)"
                        : $"the adjacency holds '{(char)c}' at position {(x * n) + y}; only '0' and '1' are allowed";
                }
            }
        }

        int labels = 0;
        int vertex = 0;
        foreach (var range in operations.Split((byte)','))
        {
            var name = operations[range];
            if (vertex >= n)
            {
                return $"there are more operations than the {n} vertices of the adjacency";
            }

            string? error = CheckOperation(name, vertex, n, ref labels);
            if (error is not null)
            {
                return error;
            }

            vertex++;
        }

        if (vertex != n)
        {
            return $"there are {vertex} operations for {n} vertices";
        }

        raw = CellKey.Create(n, edges, labels);
        return null;
    }

    private static string? CheckOperation(ReadOnlySpan<byte> name, int vertex, int n, ref int labels)
    {
        if (vertex == 0 || vertex == n - 1)
        {
            var expected = vertex == 0 ? "input"u8 : "output"u8;
            return name.SequenceEqual(expected)
                ? null
                : $"operation {vertex} is '{System.Text.Encoding.UTF8.GetString(name)}', expected '{System.Text.Encoding.UTF8.GetString(expected)}'";
        }

        for (int label = 0; label < InteriorNames.Length; label++)
        {
            if (name.SequenceEqual(InteriorNames[label]))
            {
                labels |= label << (2 * (vertex - 1));
                return null;
            }
        }

        return $"operation {vertex} '{System.Text.Encoding.UTF8.GetString(name)}' is not one of {string.Join(", ", Operations.Available)}";
    }
}
