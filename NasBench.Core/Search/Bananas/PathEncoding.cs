using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>
/// BANANAS's path encoding (White et al. 2021; naszilla's <c>Cell101.get_paths</c>, <c>get_path_indices</c> and
/// <c>encode_paths</c>): a cell as the set of its input→output paths, each path named by the operations it passes.
/// </summary>
/// <remarks>
/// <code>
/// paths(cell):   paths[0] = [[]]; for i in 1..n-2 (topological), for j in i+1..n-1 with edge i→j:
///                paths[j] += [p + [op_i] for p in paths[i]]; paths[j] also gets [] for an edge 0→j;
///                the paths of the cell are paths[n-1] (interior vertices off every path add nothing, so the
///                raw and the pruned form of a cell have the same paths)
/// index(path):   Σ_i 3^i · (op(path[i]) + 1), op: conv3x3 0, conv1x1 1, maxpool3x3 2 — so the empty path is 0,
///                the 3 one-op paths 1..3, the 9 two-op paths 4..12, the 27 three-op paths 13..39, …, the 243
///                five-op paths 121..363: 3^0 + … + 3^5 = 364 indices
/// indices(cell): the sorted index of every path, repeats kept (naszilla's hash of a cell)
/// encode(cell):  x[index] = 1 for every path, x has 364 entries; truncated ("trunc_path", naszilla's default
///                predictor encoding) to the first 40 — exactly the paths of at most three operations
/// </code>
/// </remarks>
public static class PathEncoding
{
    /// <summary>The number of distinct paths over 3 operations through at most 5 interior vertices (3^0 + … + 3^5).</summary>
    public const int PathCount = 364;

    /// <summary>naszilla's default cutoff of the truncated path encoding (<c>cutoff = 40</c>).</summary>
    public const int TruncatedLength = 40;

    /// <summary>The most input→output paths a 7-vertex cell has (every interior subset in order: 2^5).</summary>
    public const int MaxPaths = 32;

    /// <summary>The index of the path through the given interior operation labels (0 conv3x3, 1 conv1x1, 2 maxpool3x3), input side first.</summary>
    public static int PathIndex(ReadOnlySpan<int> labels)
    {
        if (labels.Length > SpaceLimits.OpSpots)
        {
            throw new ArgumentException($"A path passes at most {SpaceLimits.OpSpots} interior vertices (got {labels.Length}).", nameof(labels));
        }

        int index = 0, power = 1;
        foreach (int label in labels)
        {
            if (label is < 0 or > 2)
            {
                throw new ArgumentException($"Path operation labels are 0, 1 or 2 (got {label}).", nameof(labels));
            }

            index += power * (label + 1);
            power *= 3;
        }

        return index;
    }

    /// <summary>
    /// Writes the sorted index of every input→output path of <paramref name="cell"/> (raw or pruned; repeats kept)
    /// into <paramref name="into"/> (at least <see cref="MaxPaths"/> long) and returns how many there are.
    /// </summary>
    public static int Indices(CellKey cell, Span<int> into)
    {
        int n = cell.VertexCount;

        // Per vertex, the indices of the paths from the input to it and the power of 3 its next operation gets
        // (the paths reaching a vertex all have the same length only by accident, so each path keeps its own power).
        Span<int> index = stackalloc int[SpaceLimits.MaxVertices * MaxPaths];
        Span<int> power = stackalloc int[SpaceLimits.MaxVertices * MaxPaths];
        Span<int> count = stackalloc int[SpaceLimits.MaxVertices];
        count.Clear();
        for (int j = 1; j < n; j++)
        {
            if (cell.HasEdge(0, j))
            {
                index[j * MaxPaths] = 0;
                power[j * MaxPaths] = 1;
                count[j] = 1;
            }
        }

        for (int i = 1; i < n - 1; i++)
        {
            int op = cell.Label(i) + 1;
            for (int j = i + 1; j < n; j++)
            {
                if (!cell.HasEdge(i, j))
                {
                    continue;
                }

                for (int p = 0; p < count[i]; p++)
                {
                    int at = (j * MaxPaths) + count[j]++;
                    index[at] = index[(i * MaxPaths) + p] + (power[(i * MaxPaths) + p] * op);
                    power[at] = power[(i * MaxPaths) + p] * 3;
                }
            }
        }

        int paths = count[n - 1];
        index.Slice((n - 1) * MaxPaths, paths).CopyTo(into);
        into[..paths].Sort();
        return paths;
    }

    /// <summary>The sorted path indices as naszilla's hash of a cell: two cells with the same paths are one candidate.</summary>
    public static string Key(CellKey cell)
    {
        Span<int> indices = stackalloc int[MaxPaths];
        int paths = Indices(cell, indices);
        return string.Join(',', indices[..paths].ToArray());
    }

    /// <summary>Writes the one-hot path encoding truncated to <paramref name="into"/>'s length (≤ 364; 40 is naszilla's cutoff).</summary>
    public static void Encode(CellKey cell, Span<float> into)
    {
        if (into.Length > PathCount)
        {
            throw new ArgumentException($"The path encoding has {PathCount} entries (asked for {into.Length}).", nameof(into));
        }

        into.Clear();
        Span<int> indices = stackalloc int[MaxPaths];
        int paths = Indices(cell, indices);
        foreach (int i in indices[..paths])
        {
            if (i < into.Length)
            {
                into[i] = 1;
            }
        }
    }
}
