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
        ArgumentNullException.ThrowIfNull(random);
        int n = parent.VertexCount;
        double edgeProbability = mutationRate / n;
        double opProbability = mutationRate / Math.Max(1, n - 2);
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

    /// <summary>
    /// The full one-step neighbourhood: every single edge flip and every single op change of the given (raw or
    /// pruned) cell that stays valid, edges first in row-major order, then ops by vertex and label.
    /// </summary>
    public static List<CellKey> Neighbours(CellKey cell)
    {
        var result = new List<CellKey>(SpaceLimits.MaxEdgeBits + (2 * SpaceLimits.OpSpots));
        int n = cell.VertexCount;
        for (int x = 0; x < n - 1; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                var flipped = cell.WithEdgeBits(cell.EdgeBits ^ (1u << CellKey.EdgeBit(x, y)));
                if (flipped.Prune(out _) == SpecStatus.Ok)
                {
                    result.Add(flipped);
                }
            }
        }

        for (int v = 1; v < n - 1; v++)
        {
            for (int label = 0; label < Operations.Available.Count; label++)
            {
                if (label != cell.Label(v))
                {
                    result.Add(cell.WithLabel(v, label));
                }
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
