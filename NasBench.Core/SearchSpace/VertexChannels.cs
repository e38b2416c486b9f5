namespace NasBench.Core.SearchSpace;

/// <summary>The reference's <c>compute_vertex_channels</c>: how many channels each vertex of a cell has.</summary>
/// <remarks>
/// <code>
/// vc[0] = in; vc[V-1] = out; if V == 2: done
/// d = number of interior vertices feeding the output
/// each of them gets out // d; the first (out % d) of them, ascending, get one more
/// for v = V-3 down to 1: if v does not feed the output: vc[v] = max(vc[s]) over its interior successors s
/// </code>
/// </remarks>
public static class VertexChannels
{
    /// <summary>
    /// The output channels of every vertex of a cell between <paramref name="inputChannels"/> and <paramref name="outputChannels"/>, split as the reference does.
    /// </summary>
    public static int[] Compute(int inputChannels, int outputChannels, CellKey cell)
    {
        int n = cell.VertexCount;
        var vc = new int[n];
        vc[0] = inputChannels;
        vc[n - 1] = outputChannels;
        if (n == 2)
        {
            return vc;
        }

        int feeding = 0;
        for (int v = 1; v < n - 1; v++)
        {
            feeding += cell.HasEdge(v, n - 1) ? 1 : 0;
        }

        if (feeding == 0)
        {
            throw new OutOfDomainException(SpecStatus.Disconnected, "No interior vertex feeds the output: prune the cell first.");
        }

        int interior = outputChannels / feeding;
        int correction = outputChannels % feeding;
        for (int v = 1; v < n - 1; v++)
        {
            if (cell.HasEdge(v, n - 1))
            {
                vc[v] = interior;
                if (correction > 0)
                {
                    vc[v]++;
                    correction--;
                }
            }
        }

        for (int v = n - 3; v >= 1; v--)
        {
            if (!cell.HasEdge(v, n - 1))
            {
                for (int dst = v + 1; dst < n - 1; dst++)
                {
                    if (cell.HasEdge(v, dst))
                    {
                        vc[v] = Math.Max(vc[v], vc[dst]);
                    }
                }
            }
        }

        return vc;
    }
}
