using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Samplers shared by the algorithms, aware of stores that hold only part of the space.</summary>
internal static class SearchSampling
{
    /// <summary>
    /// The seed's raw-matrix sampler. Restricted, it resamples until the cell is held (the raw sampler's
    /// distribution conditioned on the store), which is slow for tiny stores; unrestricted, the query of a cell the
    /// store lacks fails. Each rejected draw is a free iteration (<see cref="SearchSession.Iterate()"/>): a store the
    /// raw sampler (almost) never reaches cancels and ends instead of spinning; -1 then.
    /// </summary>
    public static int RandomRawCell(SearchSession session, Random random, bool restrict)
    {
        CellSampler.RandomRaw(random, out var pruned);
        int cell = session.Space.IndexOfPruned(pruned);
        return !restrict || session.Tables.Contains(cell) ? cell : HeldRawCell(session, random);
    }

    /// <summary>The rejection loop, out of the per-query path: draws until a held cell, each miss a free iteration.</summary>
    private static int HeldRawCell(SearchSession session, Random random)
    {
        while (session.Iterate())
        {
            CellSampler.RandomRaw(random, out var pruned);
            int cell = session.Space.IndexOfPruned(pruned);
            if (session.Tables.Contains(cell))
            {
                return cell;
            }
        }

        return -1;
    }

    /// <summary>A start cell in the raw 7-vertex form mutations and neighbourhoods work on.</summary>
    /// <remarks>
    /// Unrestricted or on a complete store: the raw sampler. Restricted on a partial store: a held cell drawn
    /// uniformly, padded to 7 vertices (cheap where rejection sampling would take thousands of draws per cell).
    /// </remarks>
    public static CellKey Start(SearchSession session, Random random, bool restrict)
    {
        if (!restrict || session.Tables.IsComplete)
        {
            return CellSampler.RandomRaw(random);
        }

        int cell = CellSampler.UniformIndex(random, session.Space, session.Tables.Held);
        return CellSampler.PadToSeven(session.Space.Cell(cell));
    }
}
