using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace NasBench.Core.SearchSpace;

/// <summary>
/// A labeled DAG of at most 7 vertices packed into one integer: the compact form every hot path uses.
/// </summary>
/// <remarks>
/// Layout of <see cref="Value"/>: bits 0–2 the vertex count V; bits 3–12 the labels of the interior vertices
/// 1..5 (2 bits each, 0 = conv3x3, 1 = conv1x1, 2 = maxpool); bits 13–33 the edges, edge x→y (x &lt; y) at
/// bit <c>x + y(y-1)/2</c>, the bit order of the reference enumeration. A key may hold a raw (unpruned)
/// 7-vertex spec as the samplers produce it, or a pruned cell; <see cref="Prune"/> turns the first into
/// the second without allocating.
/// </remarks>
public readonly record struct CellKey(ulong Value) : IComparable<CellKey>
{
    private const int LabelShift = 3;
    private const int EdgeShift = 13;
    private const ulong EdgeMask = (1UL << SpaceLimits.MaxEdgeBits) - 1;

    /// <summary>Vertices including input and output (1 to 7).</summary>
    public int VertexCount => (int)(Value & 7);

    /// <summary>The upper-triangle edge bits (bit x + y(y-1)/2 for edge x→y).</summary>
    public uint EdgeBits => (uint)((Value >> EdgeShift) & EdgeMask);

    /// <summary>The number of edges (at most 9 in NAS-Bench-101).</summary>
    public int EdgeCount => BitOperations.PopCount(EdgeBits);

    /// <summary>The interior labels packed 2 bits each, vertex 1 lowest.</summary>
    public int PackedLabels => (int)((Value >> LabelShift) & 0x3FF);

    /// <summary>Packs a cell; throws for more than 7 vertices.</summary>
    public static CellKey Create(int vertexCount, uint edgeBits, int packedLabels)
    {
        if (vertexCount is < 1 or > SpaceLimits.MaxVertices)
        {
            throw new OutOfDomainException(SpecStatus.TooManyVertices, $"A cell key holds 1 to 7 vertices, not {vertexCount}.");
        }

        int interior = Math.Max(0, vertexCount - 2);
        uint labels = (uint)packedLabels & ((1u << (2 * interior)) - 1);
        uint edges = edgeBits & (uint)((1UL << (vertexCount * (vertexCount - 1) / 2)) - 1);
        return new((uint)vertexCount | ((ulong)labels << LabelShift) | ((ulong)edges << EdgeShift));
    }

    /// <summary>The bit of edge <paramref name="from"/>→<paramref name="to"/> in <see cref="EdgeBits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int EdgeBit(int from, int to) => from + (to * (to - 1) / 2);

    /// <summary>True when the edge <paramref name="from"/>→<paramref name="to"/> is present.</summary>
    public bool HasEdge(int from, int to) => from < to && (EdgeBits >> EdgeBit(from, to) & 1) != 0;

    /// <summary>The label of vertex v: -1 input, -2 output, else the interior operation label.</summary>
    public int Label(int v)
    {
        if (v == 0)
        {
            return Operations.InputLabel;
        }

        return v == VertexCount - 1 ? Operations.OutputLabel : (PackedLabels >> (2 * (v - 1))) & 3;
    }

    /// <summary>The operation name of vertex <paramref name="v"/>.</summary>
    public string Operation(int v) => Operations.NameOf(Label(v));

    /// <summary>Successor bitmask of every vertex (bit y of rows[x] set for edge x→y).</summary>
    public void FillRows(Span<byte> rows)
    {
        int n = VertexCount;
        uint bits = EdgeBits;
        rows[..n].Clear();
        for (int y = 1; y < n; y++)
        {
            int baseBit = y * (y - 1) / 2;
            for (int x = 0; x < y; x++)
            {
                if ((bits >> (baseBit + x) & 1) != 0)
                {
                    rows[x] |= (byte)(1 << y);
                }
            }
        }
    }

    /// <summary>The same vertices and operations with other edges.</summary>
    public CellKey WithEdgeBits(uint edgeBits) => Create(VertexCount, edgeBits, PackedLabels);

    /// <summary>The same cell with interior vertex <paramref name="v"/> relabelled.</summary>
    public CellKey WithLabel(int v, int label)
    {
        int shift = 2 * (v - 1);
        return Create(VertexCount, EdgeBits, (PackedLabels & ~(3 << shift)) | (label << shift));
    }

    /// <summary>
    /// Prunes as the reference does: keeps the vertices reachable from the input that also reach the output, in
    /// their order (<see cref="KeptVertices"/>, the one pruning rule; <see cref="ModelSpec"/> uses it too), and
    /// checks the limits on the pruned graph. Returns the status; on <see cref="SpecStatus.Ok"/>
    /// <paramref name="pruned"/> holds the pruned cell.
    /// </summary>
    public SpecStatus Prune(out CellKey pruned)
    {
        pruned = default;
        int n = VertexCount;
        Span<ulong> rows = stackalloc ulong[SpaceLimits.MaxVertices];
        uint bits = EdgeBits;
        for (int y = 1; y < n; y++)
        {
            int baseBit = y * (y - 1) / 2;
            for (int x = 0; x < y; x++)
            {
                rows[x] |= (ulong)((bits >> (baseBit + x)) & 1) << y;
            }
        }

        ulong keep = KeptVertices(rows, n);
        if ((keep & 1) == 0 || (keep >> (n - 1) & 1) == 0)
        {
            return SpecStatus.Disconnected;
        }

        pruned = keep == (1UL << n) - 1 ? this : Compact(rows, n, keep);
        return pruned.EdgeCount > SpaceLimits.MaxEdges ? SpecStatus.TooManyEdges : SpecStatus.Ok;
    }

    /// <summary>
    /// The pruning rule (model_spec.py's <c>_prune</c>): bit v is set when vertex v is reachable from the input
    /// and reaches the output. rows[x] has bit y set for edge x→y (x &lt; y); at most 64 vertices.
    /// </summary>
    /// <remarks>Edges only go forward, so one ascending pass finds the reachable set and one descending pass the co-reachable one.</remarks>
    internal static ulong KeptVertices(ReadOnlySpan<ulong> rows, int n)
    {
        ulong fromInput = 1;
        for (int x = 0; x < n - 1; x++)
        {
            if ((fromInput >> x & 1) != 0)
            {
                fromInput |= rows[x];
            }
        }

        ulong toOutput = 1UL << (n - 1);
        for (int x = n - 2; x >= 0; x--)
        {
            if ((rows[x] & toOutput) != 0)
            {
                toOutput |= 1UL << x;
            }
        }

        return fromInput & toOutput;
    }

    private CellKey Compact(ReadOnlySpan<ulong> rows, int n, ulong keep)
    {
        Span<int> newIndex = stackalloc int[8];
        int m = 0;
        int labels = 0;
        for (int v = 0; v < n; v++)
        {
            if ((keep >> v & 1) != 0)
            {
                if (v > 0 && v < n - 1)
                {
                    labels |= Label(v) << (2 * (m - 1));
                }

                newIndex[v] = m++;
            }
        }

        uint edges = 0;
        for (int x = 0; x < n; x++)
        {
            if ((keep >> x & 1) == 0)
            {
                continue;
            }

            for (int y = x + 1; y < n; y++)
            {
                if ((keep >> y & 1) != 0 && (rows[x] >> y & 1) != 0)
                {
                    edges |= 1u << EdgeBit(newIndex[x], newIndex[y]);
                }
            }
        }

        return Create(m, edges, labels);
    }

    /// <summary>The dataset's adjacency string: row-major "0"/"1", V² characters.</summary>
    public string ToAdjacencyString()
    {
        int n = VertexCount;
        return string.Create(n * n, this, static (span, key) =>
        {
            int m = key.VertexCount;
            for (int x = 0; x < m; x++)
            {
                for (int y = 0; y < m; y++)
                {
                    span[(x * m) + y] = key.HasEdge(x, y) ? '1' : '0';
                }
            }
        });
    }

    /// <summary>The dataset's operations string: names joined by ',' including input and output.</summary>
    public string ToOperationsString()
    {
        var sb = new StringBuilder();
        for (int v = 0; v < VertexCount; v++)
        {
            if (v > 0)
            {
                sb.Append(',');
            }

            sb.Append(Operation(v));
        }

        return sb.ToString();
    }

    /// <summary>The adjacency matrix (vertex count squared, upper triangular).</summary>
    public int[,] ToMatrix()
    {
        int n = VertexCount;
        var m = new int[n, n];
        for (int x = 0; x < n; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                m[x, y] = HasEdge(x, y) ? 1 : 0;
            }
        }

        return m;
    }

    /// <summary>The operation of every vertex, input and output included.</summary>
    public string[] ToOperations()
    {
        var ops = new string[VertexCount];
        for (int v = 0; v < ops.Length; v++)
        {
            ops[v] = Operation(v);
        }

        return ops;
    }

    /// <summary>Orders by the packed value: a stable order for sorting and binary search.</summary>
    public int CompareTo(CellKey other) => Value.CompareTo(other.Value);

    /// <summary>The order of <see cref="CompareTo"/>.</summary>
    public static bool operator <(CellKey left, CellKey right) => left.Value < right.Value;

    /// <summary>The order of <see cref="CompareTo"/>.</summary>
    public static bool operator <=(CellKey left, CellKey right) => left.Value <= right.Value;

    /// <summary>The order of <see cref="CompareTo"/>.</summary>
    public static bool operator >(CellKey left, CellKey right) => left.Value > right.Value;

    /// <summary>The order of <see cref="CompareTo"/>.</summary>
    public static bool operator >=(CellKey left, CellKey right) => left.Value >= right.Value;

    /// <summary>The adjacency and operations strings, as the CLI prints a cell.</summary>
    public override string ToString() => $"{ToAdjacencyString()} {ToOperationsString()}";
}
