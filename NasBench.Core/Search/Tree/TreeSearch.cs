using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>UCB1 tree search "selection only", inspired by AlphaX, as the seed paper describes it.</summary>
/// <remarks>
/// <code>
/// root = a random cell (queried)
/// rollout: node = root, path = [root]
///     if node not expanded: children = the shared one-step neighbourhood (CellSampler.FillNeighbours) of its raw
///         form: 21 edge flips, row-major, + for each interior vertex one random other op (all other ops with
///         ExpandAllOperations); drop invalid, not held, duplicate cells and the node
///         itself; each new cell is queried once (n = 1, W = its validation accuracy); a cell reached before
///         keeps its node; terminal child: n = 1, W = the node's own accuracy
///     pick, among the terminal and the children not on the path, the highest W/n + C·sqrt(2·ln N_node / n)
///     terminal → reward = the node's accuracy, queried again (a fresh random repeat under nb101, so every rollout
///                costs at least one query and a fully expanded tree cannot spin without spending budget);
///                node's terminal n += 1, W += reward; every node on path: n += 1, W += reward; the rollout ends
///     otherwise → path += child; node = child
/// </code>
/// Two bugs of the seed's code are fixed: it removed invalid children from the list it was iterating (so it
/// skipped the element after each removal and kept some invalid children), and it wrote <c>terminal.n == 1</c>
/// where <c>terminal.n = 1</c> was meant (a comparison with no effect, so the terminal's count never started).
/// </remarks>
internal sealed partial class TreeSearch(TreeSearchOptions options) : ISearchAlgorithm
{
    private readonly Dictionary<int, TreeNode> _nodes = [];
    private readonly List<TreeNode> _path = [];
    private readonly List<TreeNode> _scratch = new(CellSampler.MaxNeighbours);
    private int _rollout;

    internal TreeNode? Root { get; private set; }

    /// <summary>For tests: stop after this many rollouts.</summary>
    internal int RolloutLimit { get; init; } = int.MaxValue;

    /// <summary>Rollouts that ended in a terminal (a rollout cut by the budget does not count).</summary>
    internal int CompletedRollouts { get; private set; }

    internal int Rollouts => _rollout;

    internal IReadOnlyDictionary<int, TreeNode> Nodes => _nodes;

    /// <summary>The UCB1 score of a child visited n times under a node visited N times.</summary>
    public static double Score(double meanReward, int visits, int parentVisits, double exploration) =>
        meanReward + (exploration * Math.Sqrt(2.0 * Math.Log(Math.Max(1, parentVisits)) / visits));

    public void Run(SearchSession session, Random random)
    {
        if (session.Exhausted)
        {
            return;
        }

        var raw = SearchSampling.Start(session, random, options.RestrictToStore);
        session.TryResolve(raw, out int cell);
        Root = new TreeNode(raw, cell, session.Query(raw));
        _nodes[cell] = Root;
        while (!session.Exhausted && _rollout < RolloutLimit)
        {
            Rollout(session, random);
        }
    }

    private void Rollout(SearchSession session, Random random)
    {
        _rollout++;
        _path.Clear();
        var node = Root!;
        node.PathStamp = _rollout;
        _path.Add(node);
        while (true)
        {
            if (node.Children is null && !Expand(node, session, random))
            {
                return;
            }

            var next = Select(node);
            if (next is null)
            {
                if (session.Exhausted)
                {
                    return;
                }

                double reward = session.QueryCell(node.Cell);
                node.TerminalVisits++;
                node.TerminalReward += reward;
                foreach (var onPath in _path)
                {
                    onPath.Visits++;
                    onPath.TotalReward += reward;
                }

                CompletedRollouts++;
                return;
            }

            next.PathStamp = _rollout;
            _path.Add(next);
            node = next;
        }
    }

    /// <summary>The best child not on the path, or null for the terminal (ties keep the first; the terminal is last).</summary>
    private TreeNode? Select(TreeNode node)
    {
        int parentVisits = node.Visits;
        TreeNode? best = null;
        double bestScore = double.NegativeInfinity;
        foreach (var child in node.Children!)
        {
            if (child.PathStamp == _rollout)
            {
                continue;
            }

            double score = Score(child.MeanReward, child.Visits, parentVisits, options.Exploration);
            if (score > bestScore)
            {
                best = child;
                bestScore = score;
            }
        }

        double terminalScore = Score((node.TerminalReward + node.Reward) / (node.TerminalVisits + 1), node.TerminalVisits + 1, parentVisits, options.Exploration);
        return terminalScore > bestScore ? null : best;
    }
}
