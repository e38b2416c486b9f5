namespace NasBench.Core.SearchSpace;

/// <summary>
/// The matrix literal form of an adjacency, as Python prints a nested list (<c>[[0,1],[0,0]]</c>, spaces allowed,
/// entries separated by commas or spaces): every command that takes the dataset's 0/1 string takes this too.
/// </summary>
internal static class AdjacencyText
{
    /// <summary>True when the text is meant as a literal (its first non-space character is '[').</summary>
    public static bool IsLiteral(string text) => text.AsSpan().TrimStart().StartsWith("[");

    /// <summary>Reads a square literal into a row-major 0/1 matrix; returns null or the problem.</summary>
    public static string? TryParse(string text, out byte[] flat, out int n)
    {
        flat = [];
        n = 0;
        var rows = new List<List<byte>>();
        List<byte>? row = null;
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '[':
                    if (++depth > 2)
                    {
                        return $"the matrix literal nests deeper than a list of rows at character {i + 1}";
                    }

                    if (depth == 2)
                    {
                        row = [];
                    }

                    break;
                case ']':
                    if (depth == 2)
                    {
                        rows.Add(row!);
                        row = null;
                    }
                    else if (depth != 1)
                    {
                        return $"the matrix literal has an unmatched ']' at character {i + 1}";
                    }

                    depth--;
                    break;
                case '0' or '1' when depth == 2:
                    row!.Add((byte)(c - '0'));
                    break;
                case ',' or ' ' or '\t':
                    break;
                default:
                    return depth == 2
                        ? $"the matrix literal holds '{c}' at character {i + 1}; entries must be 0 or 1"
                        : $"the matrix literal must be a list of rows like [[0,1],[0,0]]; character {i + 1} is '{c}'";
            }
        }

        if (depth != 0 || rows.Count == 0)
        {
            return "the matrix literal is not closed or has no rows; write it like [[0,1],[0,0]]";
        }

        n = rows.Count;
        foreach (var r in rows)
        {
            if (r.Count != rows.Count)
            {
                return $"the matrix literal has {rows.Count} rows but a row of {r.Count} entries; it must be square";
            }
        }

        flat = [.. rows.SelectMany(r => r)];
        return null;
    }
}
