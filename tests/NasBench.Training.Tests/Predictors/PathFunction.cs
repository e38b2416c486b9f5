using NasBench.Core.Search;
using NasBench.Core.SearchSpace;

namespace NasBench.Training.Tests.Predictors;

/// <summary>A known function of the path encoding that the path predictors (BANANAS's, NPENAS's) must learn, and random
/// cells to learn it on.</summary>
internal static class PathFunction
{
    /// <summary>0.85 + 0.01 per path of at most two ops, − 0.005 per longer path, over the first <paramref name="paths"/>
    /// entries of the encoding (<see cref="PathEncoding.TruncatedLength"/> for BANANAS's, <see cref="PathEncoding.PathCount"/>
    /// for all).</summary>
    public static double Known(CellKey cell, int paths)
    {
        var x = new float[paths];
        PathEncoding.Encode(cell, x);
        return 0.85 + (0.01 * x[..13].Sum()) - (0.005 * x[13..].Sum());
    }

    /// <summary><paramref name="count"/> random raw cells, pruned, from <paramref name="seed"/>.</summary>
    public static List<CellKey> Cells(int count, int seed)
    {
        var random = new Random(seed);
        var cells = new List<CellKey>();
        while (cells.Count < count)
        {
            CellSampler.RandomRaw(random, out var pruned);
            cells.Add(pruned);
        }

        return cells;
    }
}
