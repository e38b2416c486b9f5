using NasBench.Core.SearchSpace;

namespace NasBench.Training.Predictors;

/// <summary>
/// The meta-DNN's input: AlphaX's own 56-number encoding of a (pruned) cell, <c>predict_encoder</c> in
/// linnanwang/AlphaX-NASBench101's <c>net_predictor.py</c>.
/// </summary>
/// <remarks>
/// <code>
/// code = the n×n adjacency flattened row-major (n = the cell's vertices, not 7), zero-padded to 49
///      + net_encoder(ops): for every vertex but the last (the output is never coded: range(len(net) - 1)),
///        input → 2, conv1x1-bn-relu → 3, maxpool3x3 → 4, conv3x3-bn-relu → 5; padded with 9 to 7
/// </code>
/// Raw integers, neither one-hot nor scaled, as the reference feeds them. Chosen over BANANAS's path encoding because
/// this is a reproduction of AlphaX (the question is whether AlphaX's own meta-DNN rescues the tree search);
/// the path encoding belongs to BANANAS and plugs into the same <see cref="NasBench.Core.Search.IArchitecturePredictor"/>.
/// </remarks>
public static class AlphaXEncoding
{
    /// <summary>The encoding's length: 49 adjacency entries and 7 operation codes.</summary>
    public const int Length = 56;

    private const int AdjacencyLength = 49;
    private const int Padding = 9;

    /// <summary>Writes the encoding of <paramref name="cell"/> into <paramref name="into"/> (56 numbers).</summary>
    public static void Encode(CellKey cell, Span<float> into)
    {
        into[..Length].Clear();
        int n = cell.VertexCount;
        for (int x = 0; x < n; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                into[(x * n) + y] = cell.HasEdge(x, y) ? 1 : 0;
            }
        }

        into[AdjacencyLength..Length].Fill(Padding);
        for (int v = 0; v < n - 1; v++)
        {
            into[AdjacencyLength + v] = OperationCode(cell.Operation(v));
        }
    }

    /// <summary>The reference's code of one operation.</summary>
    public static int OperationCode(string operation) => operation switch
    {
        Operations.Input => 2,
        Operations.Conv1x1 => 3,
        Operations.MaxPool3x3 => 4,
        Operations.Conv3x3 => 5,
        Operations.Output => 6,
        _ => throw new ArgumentException($"Unknown operation '{operation}'.", nameof(operation)),
    };
}
