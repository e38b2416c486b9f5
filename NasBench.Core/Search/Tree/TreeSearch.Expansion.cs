using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

internal sealed partial class TreeSearch
{
    /// <summary>Builds and evaluates the children (the shared one-step neighbourhood); false when the budget ran out first.</summary>
    private bool Expand(TreeNode node, SearchSession session, Random random)
    {
        _scratch.Clear();
        Span<CellKey> candidates = stackalloc CellKey[CellSampler.MaxNeighbours];
        int count = CellSampler.FillNeighbours(node.Raw, candidates, options.ExpandAllOperations ? null : random);
        foreach (var raw in candidates[..count])
        {
            if (!TryAddChild(node, raw, session))
            {
                return false;
            }
        }

        node.Children = [.. _scratch];
        return true;
    }

    private bool TryAddChild(TreeNode parent, CellKey raw, SearchSession session)
    {
        if (!session.TryResolve(raw, out int cell) || cell == parent.Cell)
        {
            return true;
        }

        if (!_nodes.TryGetValue(cell, out var child))
        {
            if (session.Exhausted)
            {
                return false;
            }

            child = new TreeNode(raw, cell, session.QueryCell(cell));
            _nodes[cell] = child;
        }

        if (!_scratch.Contains(child))
        {
            _scratch.Add(child);
        }

        return true;
    }
}
