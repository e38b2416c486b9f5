using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>A cell in the search tree (shared by every parent that reaches it: the table is keyed by cell).</summary>
internal sealed class TreeNode(CellKey raw, int cell, double reward)
{
    /// <summary>The raw 7-vertex form this cell was first reached through; children are built from it.</summary>
    public CellKey Raw { get; } = raw;

    public int Cell { get; } = cell;

    /// <summary>The validation accuracy its first query returned: the initial worth of its terminal child.</summary>
    public double Reward { get; } = reward;

    /// <summary>n: selections of this node (1 from its own evaluation at expansion).</summary>
    public int Visits { get; set; } = 1;

    /// <summary>W: the sum of the rewards backed up through it (starting with its own).</summary>
    public double TotalReward { get; set; } = reward;

    public int TerminalVisits { get; set; }

    public double TerminalReward { get; set; }

    /// <summary>Null until expanded.</summary>
    public TreeNode[]? Children { get; set; }

    /// <summary>The rollout that last walked through it: ancestors on the current path are excluded from selection.</summary>
    public int PathStamp { get; set; } = -1;

    public double MeanReward => TotalReward / Visits;
}
