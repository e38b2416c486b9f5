using System.Diagnostics;
using System.Numerics;

namespace NasBench.Core.SearchSpace;

/// <summary>Counts of one vertex count in the enumeration (NASBENCH101.md §3).</summary>
public readonly record struct VertexCountStats(int Vertices, int ValidMatrices, int LabeledGraphs, int NewUniqueCells);

/// <summary>Enumerates the whole NAS-Bench-101 space exactly as the reference's generate_graphs.py does.</summary>
/// <remarks>
/// <code>
/// for V = 2..7, for bits = 0 .. 2^(V(V-1)/2) - 1 ascending:
///     matrix with edge x→y (x &lt; y) at bit x + y(y-1)/2
///     skip unless rows 0..V-2 all have an out-edge, columns 1..V-1 all have an in-edge, and edges ≤ 9
///     for each labeling of the V-2 interior vertices, lexicographic (first interior vertex most significant):
///         the first labeled graph met for a hash is that cell's canonical representative
/// </code>
/// The reference hashes all 1,293,208 labeled graphs. Here they are first grouped with an exact isomorphism code
/// (<see cref="CanonicalForm"/>, no MD5), in parallel, and only the 423,624 representatives are hashed. Isomorphic
/// graphs always share a hash; the counts (checked in the tests and on every build of the index) show the hash
/// separates every class, so both groupings are the same.
/// </remarks>
public static class SpaceEnumerator
{
    /// <summary>The valid matrices of V vertices in reference order, as edge bits.</summary>
    public static uint[] ValidMatrices(int vertices)
    {
        var list = new List<uint>();
        int bitCount = vertices * (vertices - 1) / 2;
        for (uint bits = 0; bits < 1u << bitCount; bits++)
        {
            if (IsValidMatrix(vertices, bits))
            {
                list.Add(bits);
            }
        }

        return [.. list];
    }

    private static bool IsValidMatrix(int n, uint bits)
    {
        if (BitOperations.PopCount(bits) > SpaceLimits.MaxEdges)
        {
            return false;
        }

        int hasOut = 0, hasIn = 0;
        for (int y = 1; y < n; y++)
        {
            for (int x = 0; x < y; x++)
            {
                if ((bits >> CellKey.EdgeBit(x, y) & 1) != 0)
                {
                    hasOut |= 1 << x;
                    hasIn |= 1 << y;
                }
            }
        }

        return hasOut == (1 << (n - 1)) - 1 && hasIn == ((1 << n) - 1) - 1;
    }

    /// <summary>The packed label word of labeling number <paramref name="labeling"/> (lexicographic, base 3).</summary>
    public static int LabelsOf(int interior, int labeling)
    {
        int packed = 0;
        for (int i = interior - 1; i >= 0; i--)
        {
            packed |= (labeling % 3) << (2 * i);
            labeling /= 3;
        }

        return packed;
    }

    /// <summary>
    /// Enumerates the space and builds the index. Progress reports a fraction in [0, 1]; a cancelled token stops
    /// it within one chunk (4,096 graphs per core) with <see cref="OperationCanceledException"/>.
    /// </summary>
    public static CellIndex Enumerate(IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var layout = LabeledGraphLayout.Build();
        int total = layout.TotalLabeledGraphs;
        var codes = new ulong[total];
        int done = 0;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, (total + 4095) / 4096, parallel, chunk =>
        {
            int start = chunk * 4096, end = Math.Min(total, start + 4096);
            for (int i = start; i < end; i++)
            {
                codes[i] = CanonicalForm.Compute(layout.KeyOf(i));
            }

            int now = Interlocked.Add(ref done, end - start);
            progress?.Report(0.5 * now / total);
        });

        var cellOfLabeled = new int[total];
        var firstOfCode = new Dictionary<ulong, int>(430_000);
        var representatives = new List<CellKey>(430_000);
        cancellationToken.ThrowIfCancellationRequested();
        for (int i = 0; i < total; i++)
        {
            if (!firstOfCode.TryGetValue(codes[i], out int cell))
            {
                cell = representatives.Count;
                firstOfCode.Add(codes[i], cell);
                representatives.Add(layout.KeyOf(i));
            }

            cellOfLabeled[i] = cell;
        }

        var cells = representatives.ToArray();
        var hashes = new CellHash[cells.Length];
        done = 0;
        Parallel.For(0, (cells.Length + 1023) / 1024, parallel, chunk =>
        {
            int start = chunk * 1024, end = Math.Min(cells.Length, start + 1024);
            for (int i = start; i < end; i++)
            {
                hashes[i] = GraphHash.Compute(cells[i]);
            }

            int now = Interlocked.Add(ref done, end - start);
            progress?.Report(0.5 + (0.5 * now / cells.Length));
        });

        return new CellIndex(cells, hashes, cellOfLabeled, layout, layout.Stats(cells), watch.Elapsed);
    }

    /// <summary>
    /// The reference's way, literally: hashes every labeled graph (all of them, or every <paramref name="stride"/>-th)
    /// with MD5 and checks that it has the hash of the cell the index grouped it into. Returns the graphs checked;
    /// throws <see cref="InvalidDataException"/> naming the first disagreement.
    /// </summary>
    public static int VerifyAgainstMd5(CellIndex index, int stride = 1, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        var layout = LabeledGraphLayout.Build();
        int total = layout.TotalLabeledGraphs;
        var cellOfLabeled = index.CellOfLabeledArray;
        int done = 0, chunks = (total + 4095) / 4096;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * 4096, end = Math.Min(total, start + 4096);
            for (int i = start; i < end; i++)
            {
                if (i % stride != 0)
                {
                    continue;
                }

                var graph = layout.KeyOf(i);
                var hash = GraphHash.Compute(graph);
                if (hash != index.Hash(cellOfLabeled[i]))
                {
                    throw new InvalidDataException($"Labeled graph {i} ({graph}) hashes to {hash}, but the index grouped it with cell {cellOfLabeled[i]} ({index.Hash(cellOfLabeled[i])}).");
                }
            }

            progress?.Report((double)Interlocked.Increment(ref done) / chunks);
        });
        return (total + stride - 1) / stride;
    }
}
