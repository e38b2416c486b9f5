using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>A queried cell in the AlphaX tree: each cell is in the tree at most once, under the node that expanded it.</summary>
internal sealed class AlphaXNode(CellKey raw, int cell, AlphaXNode? parent)
{
    /// <summary>The raw 7-vertex form its actions (edge flips, op changes) apply to.</summary>
    public CellKey Raw { get; } = raw;

    public int Cell { get; } = cell;

    public AlphaXNode? Parent { get; } = parent;

    /// <summary>x̄: the running mean of the values backed up through it (starting with its own).</summary>
    public double Value { get; set; }

    /// <summary>n: 1 at creation, +1 per value backed up through it.</summary>
    public int Visits { get; set; }

    public List<AlphaXNode> Children { get; } = [];

    /// <summary>Neighbours not yet tried (null until first selected); an action is dropped when tried.</summary>
    public List<CellKey>? Untried { get; set; }

    /// <summary>No untried action and every child dead: selection never enters it again.</summary>
    public bool Dead { get; set; }
}
