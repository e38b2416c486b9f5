namespace NasBench.Core.SearchSpace;

/// <summary>The number of trainable parameters of the NAS-Bench-101 network built from a cell.</summary>
/// <remarks>
/// Convolutions have no bias; batch norm contributes γ and β (running statistics are not trainable).
/// <code>
/// stem:  3·3·inC·stem + 2·stem
/// cell (in → out), vc = VertexChannels(in, out):
///     per interior t: (input→t ? in·vc[t] + 2·vc[t] : 0)
///                   + (conv3x3: 9·vc[t]² + 2·vc[t] | conv1x1: vc[t]² + 2·vc[t] | maxpool: 0)
///     input→output ? in·out + 2·out : 0
/// dense: lastChannels·classes + classes
/// </code>
/// The first cell of each stack after the first takes the previous stack's channels as input.
/// </remarks>
public static class TrainableParameters
{
    /// <summary>
    /// The network's trainable parameters for the cell (NAS-Bench-101's shape by default): the dataset's trainable_parameters.
    /// </summary>
    public static long Count(CellKey cell, NetworkShape? shape = null)
    {
        shape ??= NetworkShape.NasBench101;
        shape.Validate();
        long total = (9L * shape.InputChannels * shape.StemChannels) + (2L * shape.StemChannels);
        int channels = shape.StemChannels;
        for (int stack = 0; stack < shape.Stacks; stack++)
        {
            int outChannels = shape.StackChannels(stack);
            for (int m = 0; m < shape.CellsPerStack; m++)
            {
                total += CountCell(cell, channels, outChannels);
                channels = outChannels;
            }
        }

        return total + ((long)channels * shape.Classes) + shape.Classes;
    }

    /// <summary>Trainable parameters of one cell mapping <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public static long CountCell(CellKey cell, int inChannels, int outChannels)
    {
        int n = cell.VertexCount;
        var vc = VertexChannels.Compute(inChannels, outChannels, cell);
        long total = 0;
        for (int t = 1; t < n - 1; t++)
        {
            long c = vc[t];
            if (cell.HasEdge(0, t))
            {
                total += (inChannels * c) + (2 * c);
            }

            total += cell.Label(t) switch
            {
                0 => (9 * c * c) + (2 * c),
                1 => (c * c) + (2 * c),
                _ => 0,
            };
        }

        if (cell.HasEdge(0, n - 1))
        {
            total += ((long)inChannels * outChannels) + (2L * outChannels);
        }

        return total;
    }
}
