using System.Text.RegularExpressions;
using NasBench.Core.SearchSpace;

namespace NasBench.Web.Components.Shared;

/// <summary>
/// The cell a person is editing: the upper triangle of a 7×7 adjacency matrix and an op per vertex (input and output
/// fixed at the ends). Everything it reports — pruned form, hash, validity message, parameters — is Core's
/// (<see cref="ModelSpec.Check(byte[], int, IReadOnlyList{string})"/>, <see cref="TrainableParameters"/>).
/// </summary>
public sealed partial class CellDraft
{
    public const int Size = SpaceLimits.MaxVertices;

    private readonly byte[] _matrix = new byte[Size * Size];
    private readonly string[] _ops = new string[Size];

    /// <summary>The cell the editor starts with: input → 3×3 → output plus input → 1×1 → output (the README's example).</summary>
    public CellDraft()
    {
        for (int v = 1; v < Size - 1; v++)
        {
            _ops[v] = Operations.Conv3x3;
        }

        _ops[0] = Operations.Input;
        _ops[Size - 1] = Operations.Output;
        Load("0110000100010000", "input,conv3x3-bn-relu,conv1x1-bn-relu,output");
    }

    /// <summary>Core's verdict on the current matrix and ops (the spec when valid).</summary>
    public SpecCheck Check { get; private set; } = SpecCheck.Fail(SpecStatus.Invalid, "empty");

    public bool HasEdge(int from, int to) => _matrix[(from * Size) + to] != 0;

    public string Operation(int vertex) => _ops[vertex];

    /// <summary>Toggles the edge from → to (upper triangle only).</summary>
    public void Toggle(int from, int to)
    {
        if (from >= 0 && from < to && to < Size)
        {
            _matrix[(from * Size) + to] ^= 1;
            Refresh();
        }
    }

    /// <summary>Sets the op of an interior vertex.</summary>
    public void SetOperation(int vertex, string op)
    {
        if (vertex is > 0 and < Size - 1 && Operations.Available.Contains(op))
        {
            _ops[vertex] = op;
            Refresh();
        }
    }

    /// <summary>The 7×7 matrix as the dataset's row-major string (what the request gets when the cell is invalid).</summary>
    public string RawAdjacency => string.Concat(_matrix.Select(b => b == 0 ? '0' : '1'));

    public string RawOperations => string.Join(',', _ops);

    /// <summary>The adjacency the request carries: the pruned form when valid, else the raw matrix (the request then says why).</summary>
    public string Adjacency => Check.Spec?.AdjacencyString ?? RawAdjacency;

    public string OperationsText => Check.Spec?.OperationsString ?? RawOperations;

    /// <summary>Trainable parameters of the network with this cell (null while invalid).</summary>
    public long? Parameters(NetworkShape? shape = null) => Check.Spec is { } spec ? TrainableParameters.Count(spec.Cell, shape) : null;

    /// <summary>Loads a pasted cell: the dataset's adjacency string (<c>0110000100010000</c>) or a matrix literal
    /// (<c>[[0,1],[0,0]]</c>), and optionally its ops (comma-separated, input and output included). An n-vertex cell
    /// (n ≤ 7) fills vertices 0…n−2 and puts its last vertex at the output. Returns an error message, or null.</summary>
    public string? Load(string adjacency, string? operations)
    {
        var rows = ParseMatrix(adjacency ?? "", out string? error);
        if (rows is null)
        {
            return error;
        }

        int n = rows.Length;
        if (n is < 2 or > Size)
        {
            return $"The pasted matrix has {n} vertices; the editor takes 2 to {Size}.";
        }

        string[]? ops = null;
        if (!string.IsNullOrWhiteSpace(operations))
        {
            ops = operations.Split(',', StringSplitOptions.TrimEntries);
            if (ops.Length != n)
            {
                return $"The matrix has {n} vertices but {ops.Length} operations were given.";
            }
        }

        int Map(int v) => v == n - 1 ? Size - 1 : v;
        Array.Clear(_matrix);
        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y < n; y++)
            {
                if (rows[x][y] != 0)
                {
                    if (y <= x)
                    {
                        return $"The adjacency matrix must be strictly upper triangular (a DAG in vertex order), but entry [{x},{y}] is set.";
                    }

                    _matrix[(Map(x) * Size) + Map(y)] = 1;
                }
            }
        }

        for (int v = 1; v < Size - 1; v++)
        {
            _ops[v] = ops is not null && v < n - 1 ? ops[v] : Operations.Conv3x3;
        }

        if (ops is not null && (ops[0] != Operations.Input || ops[^1] != Operations.Output))
        {
            // Keep the ends fixed but report what Core says about the pasted ops.
            Refresh();
            return ModelSpec.Check(Flatten(rows), n, ops).Message;
        }

        Refresh();
        return null;
    }

    private void Refresh() => Check = ModelSpec.Check((byte[])_matrix.Clone(), Size, _ops);

    private static byte[] Flatten(int[][] rows) => [.. rows.SelectMany(r => r.Select(v => (byte)v))];

    private static int[][]? ParseMatrix(string text, out string? error)
    {
        error = null;
        text = text.Trim();
        if (text.StartsWith('['))
        {
            var rows = InnerRow().Matches(text).Select(m => Digits().Matches(m.Groups[1].Value).Select(d => int.Parse(d.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
            if (rows.Length == 0 || rows.Any(r => r.Length != rows.Length))
            {
                error = "A matrix literal must be square, e.g. [[0,1],[0,0]].";
                return null;
            }

            if (rows.SelectMany(r => r).Any(v => v is not (0 or 1)))
            {
                error = "Matrix entries must be 0 or 1.";
                return null;
            }

            return rows;
        }

        int n = (int)Math.Round(Math.Sqrt(text.Length));
        if (text.Length == 0 || n * n != text.Length)
        {
            error = $"The adjacency string has {text.Length} characters, which is not a square number.";
            return null;
        }

        int bad = text.IndexOfAnyExcept('0', '1');
        if (bad >= 0)
        {
            error = $"The adjacency string may hold only '0' and '1'; character {bad + 1} is '{text[bad]}'.";
            return null;
        }

        return [.. Enumerable.Range(0, n).Select(r => text.Substring(r * n, n).Select(c => c - '0').ToArray())];
    }

    [GeneratedRegex(@"\[([^\[\]]*)\]")]
    private static partial Regex InnerRow();

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex Digits();
}
