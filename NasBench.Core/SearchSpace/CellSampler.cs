namespace NasBench.Core.SearchSpace;

/// <summary>The samplers the searches start from. Every method takes the run's seeded random source.</summary>
public static class CellSampler
{
    /// <summary>
    /// The seed paper's and the reference notebook's sampler: each of the 21 upper-triangle bits of a 7×7 matrix
    /// uniform, 5 uniform interior operations, resampled until the spec is valid. Returns the raw (unpruned) cell.
    /// </summary>
    /// <remarks>
    /// Two draws per attempt instead of 26: the 21 bits as one uniform integer below 2^21 and the 5 ops as one below
    /// 3^5 read in base 3 — the same distribution (a test compares it with the bit-by-bit form), a faster stream.
    /// </remarks>
    public static CellKey RandomRaw(Random random) => RandomRaw(random, out _);

    /// <summary>As <see cref="RandomRaw(Random)"/>, also giving the pruned cell (one prune per draw).</summary>
    public static CellKey RandomRaw(Random random, out CellKey pruned)
    {
        ArgumentNullException.ThrowIfNull(random);
        while (true)
        {
            uint bits = (uint)random.Next(1 << SpaceLimits.MaxEdgeBits);
            int ops = random.Next(243);
            int labels = 0;
            for (int v = 0; v < SpaceLimits.OpSpots; v++, ops /= 3)
            {
                labels |= (ops % 3) << (2 * v);
            }

            var raw = CellKey.Create(SpaceLimits.MaxVertices, bits, labels);
            if (raw.Prune(out pruned) == SpecStatus.Ok)
            {
                return raw;
            }
        }
    }

    /// <summary>A cell index drawn uniformly from the unique cells (or from <paramref name="subset"/> when given).</summary>
    public static int UniformIndex(Random random, CellIndex index, IReadOnlyList<int>? subset = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(index);
        return subset is null ? random.Next(index.Count) : subset[random.Next(subset.Count)];
    }

    /// <summary>
    /// The reference mutation (regularized-evolution notebook): each edge x→y of the raw matrix flips with
    /// probability rate/7 (row-major order), each interior op changes to one of the other two with probability
    /// rate/5; repeated until the child is valid. <paramref name="parent"/> is the raw 7-vertex form.
    /// </summary>
    public static CellKey Mutate(CellKey parent, Random random, double mutationRate = 1.0)
    {
        int n = parent.VertexCount;
        return Mutate(parent, random, edgeProbability: mutationRate / n, opProbability: mutationRate / Math.Max(1, n - 2));
    }

    /// <summary>The same mutation with its two probabilities given: each edge bit of the upper triangle flips with
    /// <paramref name="edgeProbability"/> (row-major), each interior op changes with <paramref name="opProbability"/> to one
    /// of the other two; redrawn until the child is valid. BANANAS's <c>adj_mutate</c> uses 1/21 and 1/5.</summary>
    public static CellKey Mutate(CellKey parent, Random random, double edgeProbability, double opProbability)
    {
        ArgumentNullException.ThrowIfNull(random);
        int n = parent.VertexCount;
        while (true)
        {
            uint bits = parent.EdgeBits;
            for (int x = 0; x < n - 1; x++)
            {
                for (int y = x + 1; y < n; y++)
                {
                    if (random.NextDouble() < edgeProbability)
                    {
                        bits ^= 1u << CellKey.EdgeBit(x, y);
                    }
                }
            }

            var child = parent.WithEdgeBits(bits);
            for (int v = 1; v < n - 1; v++)
            {
                if (random.NextDouble() < opProbability)
                {
                    int other = random.Next(2);
                    int current = child.Label(v);
                    child = child.WithLabel(v, other >= current ? other + 1 : other);
                }
            }

            if (child.Prune(out _) == SpecStatus.Ok)
            {
                return child;
            }
        }
    }

    /// <summary>The most one-step neighbours a cell has: 21 edge flips and 2 other ops at each of 5 interior vertices.</summary>
    public const int MaxNeighbours = SpaceLimits.MaxEdgeBits + (2 * SpaceLimits.OpSpots);

    /// <summary>
    /// The one-step neighbourhood every search uses, unfiltered and without allocating: every single edge flip of
    /// the (raw or pruned) cell, row-major (x &lt; y), then per interior vertex every other op — or, given
    /// <paramref name="oneOpEach"/>, one other op drawn from it (the tree search's default). Returns the count
    /// written; flips may be invalid or land on cells a store lacks, so callers filter.
    /// </summary>
    public static int FillNeighbours(CellKey cell, Span<CellKey> into, Random? oneOpEach = null)
    {
        int count = 0;
        int n = cell.VertexCount;
        for (int x = 0; x < n - 1; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                into[count++] = cell.WithEdgeBits(cell.EdgeBits ^ (1u << CellKey.EdgeBit(x, y)));
            }
        }

        for (int v = 1; v < n - 1; v++)
        {
            int current = cell.Label(v);
            if (oneOpEach is not null)
            {
                int other = oneOpEach.Next(2);
                into[count++] = cell.WithLabel(v, other >= current ? other + 1 : other);
                continue;
            }

            for (int label = 0; label < Operations.Available.Count; label++)
            {
                if (label != current)
                {
                    into[count++] = cell.WithLabel(v, label);
                }
            }
        }

        return count;
    }

    /// <summary>
    /// The full one-step neighbourhood (<see cref="FillNeighbours"/>) restricted to valid cells: edges first in
    /// row-major order, then ops by vertex and label.
    /// </summary>
    public static List<CellKey> Neighbours(CellKey cell)
    {
        Span<CellKey> all = stackalloc CellKey[MaxNeighbours];
        int count = FillNeighbours(cell, all);
        var result = new List<CellKey>(count);
        foreach (var neighbour in all[..count])
        {
            if (neighbour.Prune(out _) == SpecStatus.Ok)
            {
                result.Add(neighbour);
            }
        }

        return result;
    }

    /// <summary>Pads a pruned cell to 7 vertices by inserting isolated conv3x3 vertices before the output.</summary>
    public static CellKey PadToSeven(CellKey cell)
    {
        int n = cell.VertexCount;
        if (n >= SpaceLimits.MaxVertices)
        {
            return cell;
        }

        const int last = SpaceLimits.MaxVertices - 1;
        uint bits = 0;
        for (int x = 0; x < n; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                if (cell.HasEdge(x, y))
                {
                    bits |= 1u << CellKey.EdgeBit(x, y == n - 1 ? last : y);
                }
            }
        }

        int labels = cell.PackedLabels;
        return CellKey.Create(SpaceLimits.MaxVertices, bits, labels);
    }
}
