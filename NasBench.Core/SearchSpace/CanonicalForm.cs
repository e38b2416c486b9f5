namespace NasBench.Core.SearchSpace;

/// <summary>
/// An exact isomorphism invariant of labeled cells (input and output fixed): two cells get the same code if and
/// only if one is a renumbering of the other's interior vertices. Used by the enumeration to group the 1.29 M
/// labeled graphs into unique cells before any MD5 is computed.
/// </summary>
/// <remarks>
/// Interior vertices are sorted by an invariant key (label, in-degree, out-degree, fed by input, feeds output);
/// among all permutations consistent with that order, the code is the one with the smallest adjacency bits.
/// Code = V (3 bits) | sorted keys' labels (10 bits) | permuted full V×V adjacency (49 bits).
/// </remarks>
internal static class CanonicalForm
{
    private static readonly byte[][][] Permutations = BuildPermutations();

    public static ulong Compute(CellKey cell)
    {
        int n = cell.VertexCount;
        Span<byte> rows = stackalloc byte[8];
        cell.FillRows(rows);
        int interior = n - 2;
        if (interior <= 0)
        {
            return (uint)n | ((ulong)rows[0] << 13);
        }

        Span<int> keys = stackalloc int[8];
        for (int v = 1; v < n - 1; v++)
        {
            int inDegree = 0;
            for (int u = 0; u < v; u++)
            {
                inDegree += rows[u] >> v & 1;
            }

            keys[v] = (cell.Label(v) << 12) | (inDegree << 8) | (System.Numerics.BitOperations.PopCount(rows[v]) << 4)
                | ((rows[0] >> v & 1) << 1) | (rows[v] >> (n - 1) & 1);
        }

        Span<int> sortedKeys = stackalloc int[8];
        keys.Slice(1, interior).CopyTo(sortedKeys);
        sortedKeys[..interior].Sort();

        ulong labels = 0;
        for (int i = 0; i < interior; i++)
        {
            labels |= (ulong)(sortedKeys[i] >> 12) << (2 * i);
        }

        ulong best = ulong.MaxValue;
        Span<int> position = stackalloc int[8];
        foreach (var perm in Permutations[interior])
        {
            bool consistent = true;
            for (int i = 0; i < interior && consistent; i++)
            {
                consistent = keys[perm[i] + 1] == sortedKeys[i];
            }

            if (!consistent)
            {
                continue;
            }

            position[0] = 0;
            position[n - 1] = n - 1;
            for (int i = 0; i < interior; i++)
            {
                position[perm[i] + 1] = i + 1;
            }

            ulong adjacency = 0;
            for (int x = 0; x < n - 1; x++)
            {
                int row = rows[x];
                while (row != 0)
                {
                    int y = System.Numerics.BitOperations.TrailingZeroCount(row);
                    row &= row - 1;
                    adjacency |= 1UL << ((position[x] * n) + position[y]);
                }
            }

            best = Math.Min(best, adjacency);
        }

        return (uint)n | (labels << 3) | (best << 13);
    }

    private static byte[][][] BuildPermutations()
    {
        var result = new byte[SpaceLimits.OpSpots + 1][][];
        for (int k = 0; k <= SpaceLimits.OpSpots; k++)
        {
            var list = new List<byte[]>();
            Permute(Enumerable.Range(0, k).Select(i => (byte)i).ToArray(), 0, list);
            result[k] = [.. list];
        }

        return result;
    }

    private static void Permute(byte[] items, int start, List<byte[]> output)
    {
        if (start >= items.Length)
        {
            output.Add((byte[])items.Clone());
            return;
        }

        for (int i = start; i < items.Length; i++)
        {
            (items[start], items[i]) = (items[i], items[start]);
            Permute(items, start + 1, output);
            (items[start], items[i]) = (items[i], items[start]);
        }
    }
}
