using NasBench.Core.SearchSpace;

namespace NasBench.Core.Studies.PerformantCells;

/// <summary>The yes/no features of a cell the performant-cells study counts, packed in a bit mask.</summary>
/// <remarks>
/// On the canonical (pruned) form: op o at vertex position v (1..5, counted from the input), "input feeds a
/// conv3x3", the position of the first maxpool (or none), the vertex count (2..7), the edge count (1..9); and each
/// edge of the form padded to 7 vertices (so x→output is one feature whatever the vertex count).
/// </remarks>
public static class CellFeatures
{
    private static readonly string[] ShortOps = ["conv3x3", "conv1x1", "maxpool"];

    private const int OpBase = 0;                                   // 15: position × op
    private const int EdgeBase = OpBase + (SpaceLimits.OpSpots * 3);  // 21 edges of the padded form
    private const int InputConvBase = EdgeBase + SpaceLimits.MaxEdgeBits;
    private const int PoolBase = InputConvBase + 1;                 // 6: first maxpool at 1..5, none
    private const int VertexBase = PoolBase + SpaceLimits.OpSpots + 1;  // 6: 2..7 vertices
    private const int EdgeCountBase = VertexBase + 6;                // 9: 1..9 edges

    /// <summary>Number of features.</summary>
    public const int Count = EdgeCountBase + SpaceLimits.MaxEdges;

    /// <summary>The feature names, in bit order.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    /// <summary>The cell's features as a bit mask, one bit per entry of <see cref="Names"/>.</summary>
    public static ulong Of(CellKey cell)
    {
        int n = cell.VertexCount;
        ulong mask = 0;
        int firstPool = 0;
        bool inputConv = false;
        for (int v = 1; v < n - 1; v++)
        {
            int label = cell.Label(v);
            mask |= 1UL << (OpBase + ((v - 1) * 3) + label);
            if (label == 2 && firstPool == 0)
            {
                firstPool = v;
            }

            inputConv |= label == 0 && cell.HasEdge(0, v);
        }

        var padded = CellSampler.PadToSeven(cell);
        for (int bit = 0; bit < SpaceLimits.MaxEdgeBits; bit++)
        {
            if ((padded.EdgeBits >> bit & 1) != 0)
            {
                mask |= 1UL << (EdgeBase + bit);
            }
        }

        mask |= inputConv ? 1UL << InputConvBase : 0;
        mask |= 1UL << (PoolBase + (firstPool == 0 ? SpaceLimits.OpSpots : firstPool - 1));
        mask |= 1UL << (VertexBase + n - 2);
        mask |= cell.EdgeCount > 0 ? 1UL << (EdgeCountBase + cell.EdgeCount - 1) : 0;
        return mask;
    }

    private static string[] BuildNames()
    {
        var names = new string[Count];
        for (int v = 1; v <= SpaceLimits.OpSpots; v++)
        {
            for (int o = 0; o < 3; o++)
            {
                names[OpBase + ((v - 1) * 3) + o] = $"vertex {v} is {ShortOps[o]}";
            }
        }

        for (int y = 1; y < SpaceLimits.MaxVertices; y++)
        {
            for (int x = 0; x < y; x++)
            {
                string to = y == SpaceLimits.MaxVertices - 1 ? "output" : y.ToString(System.Globalization.CultureInfo.InvariantCulture);
                names[EdgeBase + CellKey.EdgeBit(x, y)] = $"edge {(x == 0 ? "input" : x.ToString(System.Globalization.CultureInfo.InvariantCulture))}->{to}";
            }
        }

        names[InputConvBase] = "input feeds a conv3x3";
        for (int p = 1; p <= SpaceLimits.OpSpots; p++)
        {
            names[PoolBase + p - 1] = $"first maxpool at vertex {p}";
        }

        names[PoolBase + SpaceLimits.OpSpots] = "no maxpool";
        for (int v = 2; v <= SpaceLimits.MaxVertices; v++)
        {
            names[VertexBase + v - 2] = $"{v} vertices";
        }

        for (int e = 1; e <= SpaceLimits.MaxEdges; e++)
        {
            names[EdgeCountBase + e - 1] = $"{e} edges";
        }

        return names;
    }
}
