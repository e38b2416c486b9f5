using System.Text;

namespace NasBench.Core.SearchSpace;

/// <summary>
/// A NAS-Bench-101 cell as a user gives it: adjacency matrix and operations, validated and pruned on construction,
/// the original kept beside the pruned <see cref="Cell"/>. Pure data: nothing here knows about training.
/// </summary>
/// <remarks>
/// Validation follows the reference (model_spec.py and api._check_spec): the shape checks (square, matching
/// operation count, strictly upper triangular, 0/1 entries) come first; then pruning keeps the vertices reachable
/// from the input that also reach the output; then, on the pruned graph, in this order: disconnected → too many
/// vertices → too many edges → first op not input → last op not output → unsupported op. Every failure is one
/// <see cref="OutOfDomainException"/> naming the rule.
/// </remarks>
public sealed class ModelSpec
{
    /// <summary>The largest matrix accepted before pruning (the pruning rule works on 64-bit vertex sets).</summary>
    public const int MaxGivenVertices = 64;

    private CellHash? _hash;

    private ModelSpec(byte[] originalMatrix, int originalVertexCount, string[] originalOperations, CellKey cell)
    {
        OriginalMatrix = originalMatrix;
        OriginalVertexCount = originalVertexCount;
        OriginalOperations = originalOperations;
        Cell = cell;
    }

    /// <summary>The matrix as given, row-major 0/1.</summary>
    public IReadOnlyList<byte> OriginalMatrix { get; }

    public int OriginalVertexCount { get; }

    public IReadOnlyList<string> OriginalOperations { get; }

    /// <summary>The pruned cell.</summary>
    public CellKey Cell { get; }

    public int VertexCount => Cell.VertexCount;

    public int EdgeCount => Cell.EdgeCount;

    /// <summary>The module hash of the pruned cell (computed once, with MD5).</summary>
    public CellHash Hash => _hash ??= GraphHash.Compute(Cell);

    /// <summary>The pruned adjacency matrix.</summary>
    public int[,] Matrix => Cell.ToMatrix();

    /// <summary>The pruned operations, input and output included.</summary>
    public string[] Operations => Cell.ToOperations();

    public string AdjacencyString => Cell.ToAdjacencyString();

    public string OperationsString => Cell.ToOperationsString();

    /// <summary>Builds a spec or throws <see cref="OutOfDomainException"/> naming the broken rule.</summary>
    public static ModelSpec Create(int[,] matrix, IReadOnlyList<string> operations)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        if (rows != cols)
        {
            throw new OutOfDomainException(SpecStatus.Invalid, $"The adjacency matrix must be square, not {rows}×{cols}.");
        }

        var flat = new byte[rows * cols];
        for (int x = 0; x < rows; x++)
        {
            for (int y = 0; y < cols; y++)
            {
                int value = matrix[x, y];
                if (value is not (0 or 1))
                {
                    throw new OutOfDomainException(SpecStatus.Invalid, $"Adjacency entry [{x},{y}] is {value}; entries must be 0 or 1.");
                }

                flat[(x * cols) + y] = (byte)value;
            }
        }

        return Create(flat, rows, operations);
    }

    /// <summary>
    /// Builds a spec from the dataset's string forms: the adjacency as a row-major 0/1 string ("0100") or a matrix
    /// literal ("[[0,1],[0,0]]"), the operations comma-joined.
    /// </summary>
    public static ModelSpec Parse(string adjacency, string operations)
    {
        var result = Check(adjacency, operations);
        return result.Spec ?? throw new OutOfDomainException(result.Status, result.Message);
    }

    /// <summary>
    /// Validates the string forms without throwing: the status, a message, and the spec when valid. The operations
    /// are split on ',' exactly as the reference splits the dataset's strings, without trimming: "input, output"
    /// names the unknown operation " output".
    /// </summary>
    public static SpecCheck Check(string adjacency, string operations)
    {
        ArgumentNullException.ThrowIfNull(adjacency);
        ArgumentNullException.ThrowIfNull(operations);
        if (AdjacencyText.IsLiteral(adjacency))
        {
            string? problem = AdjacencyText.TryParse(adjacency, out var matrix, out int rows);
            return problem is null ? Check(matrix, rows, operations.Split(',')) : SpecCheck.Fail(SpecStatus.Invalid, $"The adjacency: {problem}.");
        }

        adjacency = adjacency.Trim();
        int n = (int)Math.Round(Math.Sqrt(adjacency.Length));
        if (adjacency.Length == 0 || n * n != adjacency.Length)
        {
            return SpecCheck.Fail(SpecStatus.Invalid, $"The adjacency string has {adjacency.Length} characters, which is not a square number.");
        }

        var flat = new byte[adjacency.Length];
        for (int i = 0; i < flat.Length; i++)
        {
            char c = adjacency[i];
            if (c is not ('0' or '1'))
            {
                return SpecCheck.Fail(SpecStatus.Invalid, $"The adjacency string may hold only '0' and '1'; character {i + 1} is '{c}'.");
            }

            flat[i] = (byte)(c - '0');
        }

        return Check(flat, n, operations.Split(','));
    }

    public static ModelSpec Create(byte[] matrix, int vertexCount, IReadOnlyList<string> operations)
    {
        var result = Check(matrix, vertexCount, operations);
        return result.Spec ?? throw new OutOfDomainException(result.Status, result.Message);
    }

    /// <summary>Builds the spec of a pruned cell (always valid when the cell came from the space).</summary>
    public static ModelSpec FromCell(CellKey cell) => Create(ToFlat(cell), cell.VertexCount, cell.ToOperations());

    /// <summary>Validates a row-major matrix and operations without throwing.</summary>
    public static SpecCheck Check(byte[] matrix, int n, IReadOnlyList<string> operations)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(operations);
        if (n < 1 || matrix.Length != n * n)
        {
            return SpecCheck.Fail(SpecStatus.Invalid, $"The adjacency matrix must be square: {matrix.Length} entries do not make an n×n matrix with n = {n}.");
        }

        if (operations.Count != n)
        {
            return SpecCheck.Fail(SpecStatus.Invalid, $"The matrix has {n} vertices but {operations.Count} operations were given.");
        }

        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y <= x; y++)
            {
                if (matrix[(x * n) + y] != 0)
                {
                    return SpecCheck.Fail(SpecStatus.Invalid, $"The adjacency matrix must be strictly upper triangular (a DAG in vertex order), but entry [{x},{y}] is set.");
                }
            }
        }

        if (n > MaxGivenVertices)
        {
            return SpecCheck.Fail(SpecStatus.TooManyVertices, $"The matrix has {n} vertices; at most {MaxGivenVertices} are accepted before pruning.");
        }

        if (n < 2)
        {
            // The reference's pruning: fewer than 2 vertices cannot connect an input to an output.
            return SpecCheck.Fail(SpecStatus.Disconnected, "The spec is disconnected: a 1-vertex spec has no path from an input to an output.");
        }

        ulong keep = CellKey.KeptVertices(Rows(matrix, n), n);
        if ((keep & 1) == 0 || (keep >> (n - 1) & 1) == 0)
        {
            return SpecCheck.Fail(SpecStatus.Disconnected, "The spec is disconnected: there is no path from the input to the output.");
        }

        var kept = Enumerable.Range(0, n).Where(v => (keep >> v & 1) != 0).ToArray();
        if (kept.Length > SpaceLimits.MaxVertices)
        {
            return SpecCheck.Fail(SpecStatus.TooManyVertices, $"The pruned spec has {kept.Length} vertices; at most {SpaceLimits.MaxVertices} are allowed.");
        }

        int edges = 0;
        foreach (int x in kept)
        {
            foreach (int y in kept)
            {
                edges += matrix[(x * n) + y];
            }
        }

        if (edges > SpaceLimits.MaxEdges)
        {
            return SpecCheck.Fail(SpecStatus.TooManyEdges, $"The pruned spec has {edges} edges; at most {SpaceLimits.MaxEdges} are allowed.");
        }

        var error = CheckOperations(kept.Select(v => operations[v]).ToArray());
        if (error is not null)
        {
            return SpecCheck.Fail(SpecStatus.Invalid, error);
        }

        var cell = Pack(matrix, n, kept, operations);
        return new SpecCheck(SpecStatus.Ok, "ok", new ModelSpec(matrix, n, operations.ToArray(), cell));
    }

    private static string? CheckOperations(string[] ops)
    {
        if (ops[0] != SearchSpace.Operations.Input)
        {
            return $"The first operation must be '{SearchSpace.Operations.Input}', not '{ops[0]}'{SplitHint(ops[0])}.";
        }

        if (ops[^1] != SearchSpace.Operations.Output)
        {
            return $"The last operation must be '{SearchSpace.Operations.Output}', not '{ops[^1]}'{SplitHint(ops[^1])}.";
        }

        for (int v = 1; v < ops.Length - 1; v++)
        {
            if (SearchSpace.Operations.LabelOf(ops[v]) < 0)
            {
                return $"Unsupported operation '{ops[v]}' at vertex {v} of the pruned spec{SplitHint(ops[v])}; allowed: {string.Join(", ", SearchSpace.Operations.Available)}.";
            }
        }

        return null;
    }

    /// <summary>Why a name with spaces around it is unknown: the reference does not trim either.</summary>
    private static string SplitHint(string op) =>
        op.Length > 0 && (char.IsWhiteSpace(op[0]) || char.IsWhiteSpace(op[^1]))
            ? " (operations are split on ',' exactly, without trimming spaces)"
            : string.Empty;

    /// <summary>Successor bitmasks of the given matrix, the form the shared pruning rule reads.</summary>
    private static ulong[] Rows(byte[] matrix, int n)
    {
        var rows = new ulong[n];
        for (int x = 0; x < n; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                rows[x] |= (matrix[(x * n) + y] != 0 ? 1UL : 0) << y;
            }
        }

        return rows;
    }

    private static CellKey Pack(byte[] matrix, int n, int[] kept, IReadOnlyList<string> operations)
    {
        uint edges = 0;
        int labels = 0;
        for (int i = 0; i < kept.Length; i++)
        {
            if (i > 0 && i < kept.Length - 1)
            {
                labels |= SearchSpace.Operations.LabelOf(operations[kept[i]]) << (2 * (i - 1));
            }

            for (int j = i + 1; j < kept.Length; j++)
            {
                if (matrix[(kept[i] * n) + kept[j]] != 0)
                {
                    edges |= 1u << CellKey.EdgeBit(i, j);
                }
            }
        }

        return CellKey.Create(kept.Length, edges, labels);
    }

    private static byte[] ToFlat(CellKey cell)
    {
        int n = cell.VertexCount;
        var flat = new byte[n * n];
        for (int x = 0; x < n; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                flat[(x * n) + y] = cell.HasEdge(x, y) ? (byte)1 : (byte)0;
            }
        }

        return flat;
    }

    /// <summary>The original matrix as a row-major 0/1 string.</summary>
    public string OriginalAdjacencyString
    {
        get
        {
            var sb = new StringBuilder(OriginalMatrix.Count);
            foreach (byte b in OriginalMatrix)
            {
                sb.Append(b == 0 ? '0' : '1');
            }

            return sb.ToString();
        }
    }

    public override string ToString() => $"{AdjacencyString} {OperationsString}";
}

/// <summary>The outcome of validating a spec: status, a message naming the rule, and the spec when valid.</summary>
public sealed record SpecCheck(SpecStatus Status, string Message, ModelSpec? Spec)
{
    public static SpecCheck Fail(SpecStatus status, string message) => new(status, message, null);
}
