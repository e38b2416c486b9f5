using System.Numerics;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Studies.Distance;

/// <summary>The three distances between cells the distance study compares.</summary>
public static class CellDistances
{
    /// <summary>Ops a path can visit (3) and the longest interior path in a 7-vertex cell (5).</summary>
    private const int MaxPathLength = SpaceLimits.OpSpots;

    /// <summary>Possible op sequences of input→output paths: 3⁰ + 3¹ + … + 3⁵ = 364.</summary>
    public const int PathFeatures = 364;

    /// <summary>
    /// The seed paper's distance (NASBENCH101.md §7): each cell is the multiset of (source op, destination op) pairs
    /// over the edges of its raw (unpruned) matrix; distance = max(|E1|, |E2|) − |multiset intersection|.
    /// </summary>
    public static int Seed(CellKey a, CellKey b)
    {
        Span<int> counts = stackalloc int[25];
        int edgesA = CountPairs(a, counts, +1);
        int edgesB = CountPairs(b, counts, -1);

        // counts = countA − countB per pair; the intersection is Σ min(countA, countB) = (|E1| + |E2| − Σ|countA − countB|) / 2.
        int sumAbs = 0;
        foreach (int c in counts)
        {
            sumAbs += Math.Abs(c);
        }

        int intersection = (edgesA + edgesB - sumAbs) / 2;
        return Math.Max(edgesA, edgesB) - intersection;
    }

    /// <summary>
    /// The "edit distance" of the NAS literature: Hamming distance over the 21 adjacency bits and the 5 op labels of
    /// the two cells' canonical forms padded to 7 vertices (padding vertices are isolated conv3x3 before the output).
    /// Pass canonical forms (<see cref="CellIndex.Cell"/>): a raw form is pruned here but not renumbered, so two
    /// isomorphic raw forms can be at a positive distance.
    /// </summary>
    public static int Edit(CellKey a, CellKey b)
    {
        var pa = CellSampler.PadToSeven(Pruned(a));
        var pb = CellSampler.PadToSeven(Pruned(b));
        int distance = BitOperations.PopCount(pa.EdgeBits ^ pb.EdgeBits);
        for (int v = 1; v <= SpaceLimits.OpSpots; v++)
        {
            distance += pa.Label(v) != pb.Label(v) ? 1 : 0;
        }

        return distance;
    }

    /// <summary>Hamming distance between the path encodings (which input→output op sequences each cell contains).</summary>
    public static int Path(CellKey a, CellKey b)
    {
        Span<ulong> ea = stackalloc ulong[6];
        Span<ulong> eb = stackalloc ulong[6];
        PathEncoding(a, ea);
        PathEncoding(b, eb);
        int distance = 0;
        for (int i = 0; i < ea.Length; i++)
        {
            distance += BitOperations.PopCount(ea[i] ^ eb[i]);
        }

        return distance;
    }

    /// <summary>
    /// Sets bit f of the 364-bit encoding for each op sequence f found along an input→output path of the pruned cell;
    /// f = (3^L − 1)/2 + Σ op_i·3^(L−1−i) for a path through L interior vertices.
    /// </summary>
    public static void PathEncoding(CellKey cell, Span<ulong> bits)
    {
        bits.Clear();
        var pruned = Pruned(cell);
        Walk(pruned, 0, 0, 0, bits);
    }

    private static void Walk(CellKey cell, int vertex, int length, int code, Span<ulong> bits)
    {
        int n = cell.VertexCount;
        for (int next = vertex + 1; next < n; next++)
        {
            if (!cell.HasEdge(vertex, next))
            {
                continue;
            }

            if (next == n - 1)
            {
                int feature = ((Pow3(length) - 1) / 2) + code;
                bits[feature >> 6] |= 1UL << (feature & 63);
            }
            else if (length < MaxPathLength)
            {
                Walk(cell, next, length + 1, (code * 3) + cell.Label(next), bits);
            }
        }
    }

    private static int Pow3(int k)
    {
        int p = 1;
        for (int i = 0; i < k; i++)
        {
            p *= 3;
        }

        return p;
    }

    private static CellKey Pruned(CellKey cell) =>
        cell.Prune(out var pruned) == SpecStatus.Ok ? pruned : throw new OutOfDomainException($"The spec {cell} is not a valid cell.");

    /// <summary>Adds sign × 1 to counts[source·5 + destination] for each edge (labels: ops 0–2, input 3, output 4).</summary>
    private static int CountPairs(CellKey cell, Span<int> counts, int sign)
    {
        int n = cell.VertexCount;
        int edges = 0;
        for (int x = 0; x < n - 1; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                if (cell.HasEdge(x, y))
                {
                    counts[(Code(cell.Label(x)) * 5) + Code(cell.Label(y))] += sign;
                    edges++;
                }
            }
        }

        return edges;
    }

    private static int Code(int label) => label switch
    {
        Operations.InputLabel => 3,
        Operations.OutputLabel => 4,
        _ => label,
    };
}
