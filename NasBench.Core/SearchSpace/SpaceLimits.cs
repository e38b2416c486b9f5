namespace NasBench.Core.SearchSpace;

/// <summary>The limits of the NAS-Bench-101 space (the upstream README swaps the two numbers; the code does not).</summary>
public static class SpaceLimits
{
    /// <summary>At most 7 vertices, input and output included.</summary>
    public const int MaxVertices = 7;
    /// <summary>At most 9 edges.</summary>
    public const int MaxEdges = 9;

    /// <summary>Interior vertices of a 7-vertex cell: the "op spots".</summary>
    public const int OpSpots = MaxVertices - 2;

    /// <summary>Upper-triangle bits of a 7×7 matrix.</summary>
    public const int MaxEdgeBits = MaxVertices * (MaxVertices - 1) / 2;
}
