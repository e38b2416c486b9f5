using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search.TreeSearch;

internal sealed partial class TreeSearch
{
    /// <summary>Builds and evaluates the children; false when the budget ran out first.</summary>
    private bool Expand(TreeNode node, SearchBenchmark benchmark, Random random)
    {
        _scratch.Clear();
        var raw = node.Raw;
        int n = raw.VertexCount;
        for (int y = 1; y < n; y++)
        {
            for (int x = 0; x < y; x++)
            {
                if (!TryAddChild(node, raw.WithEdgeBits(raw.EdgeBits ^ (1u << CellKey.EdgeBit(x, y))), benchmark))
                {
                    return false;
                }
            }
        }

        for (int v = 1; v < n - 1; v++)
        {
            int current = raw.Label(v);
            if (options.ExpandAllOperations)
            {
                for (int label = 0; label < 3; label++)
                {
                    if (label != current && !TryAddChild(node, raw.WithLabel(v, label), benchmark))
                    {
                        return false;
                    }
                }
            }
            else
            {
                int other = random.Next(2);
                if (!TryAddChild(node, raw.WithLabel(v, other >= current ? other + 1 : other), benchmark))
                {
                    return false;
                }
            }
        }

        node.Children = [.. _scratch];
        return true;
    }

    private bool TryAddChild(TreeNode parent, CellKey raw, SearchBenchmark benchmark)
    {
        if (!benchmark.TryResolve(raw, out int cell) || cell == parent.Cell)
        {
            return true;
        }

        if (!_nodes.TryGetValue(cell, out var child))
        {
            if (benchmark.Exhausted)
            {
                return false;
            }

            child = new TreeNode(raw, cell, benchmark.QueryCell(cell));
            _nodes[cell] = child;
        }

        if (!_scratch.Contains(child))
        {
            _scratch.Add(child);
        }

        return true;
    }
}
