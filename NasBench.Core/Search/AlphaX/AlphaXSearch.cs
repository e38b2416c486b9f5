using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>AlphaX (Wang et al. 2019, linnanwang/AlphaX-NASBench101): MCTS whose rollouts are scored by a meta-DNN.</summary>
/// <remarks>
/// <code>
/// root = a random cell, queried; n = 1, x̄ = its validation accuracy
/// each iteration (cancellation checked first; one real query per iteration):
///     Selection: node = root
///         while node has no untried action: node = argmax over live children of
///             x̄_c + 2·Cp·sqrt(2·ln n_node / n_c)              (ties: uniformly at random, as np.random.choice)
///     Expansion: an untried action of node, uniformly at random (a new child's UCT is +inf in the reference, ties
///         random); actions = 21 edge flips (add or remove an edge) + 10 op changes of the node's raw cell, kept
///         when valid, held and not yet in the tree; child = that cell, queried: acc
///     Simulation: predictor fitted? → K rollouts from child, each RolloutDepth random valid steps; a rollout's end
///         is worth its queried accuracy if queried, else the predictor's; x̄_child = (acc + mean)/2  (the reference's
///         "(acc + sim_acc) / 2"); not fitted yet → x̄_child = acc
///     Backpropagation: n_child = 1; for each ancestor a: n_a += 1, x̄_a += (x̄_child − x̄_a)/n_a
///     Retraining: queried count % RetrainEvery == 0 → predictor.Fit(every queried cell, its accuracy)
/// </code>
/// Departures from the reference, forced by the action space the issue asks for (mutations of complete cells, not
/// the reference's growing of a network from input→output): every node is a complete cell, so the node itself is
/// the real query (the reference trains one random rollout's end) and there is no <c>term</c> action or depth cap;
/// the tree keys nodes by cell and drops actions that reach a cell already in it, so it stays a tree. A node whose
/// actions and children are all used up is dead; if the root dies the run ends early.
/// </remarks>
internal sealed partial class AlphaXSearch(AlphaXSearchOptions options, IArchitecturePredictorFactory predictors) : ISearchAlgorithm
{
    private readonly Dictionary<int, AlphaXNode> _tree = [];
    private readonly Dictionary<int, double> _queried = [];
    private readonly List<CellKey> _fitCells = [];
    private readonly List<double> _fitAccuracies = [];
    private readonly List<AlphaXNode> _ties = [];
    private IArchitecturePredictor? _predictor;

    internal AlphaXNode? Root { get; private set; }

    /// <summary>For tests: a predictor to use instead of one from the factory.</summary>
    internal IArchitecturePredictor? Predictor { get => _predictor; init => _predictor = value; }

    /// <summary>For tests: stop after this many iterations.</summary>
    internal int IterationLimit { get; init; } = int.MaxValue;

    internal int Fits { get; private set; }

    /// <summary>For tests: starts from a tree built by hand (every node in it counts as in the tree, none as queried).</summary>
    internal void Plant(AlphaXNode root)
    {
        Root = root;
        var stack = new Stack<AlphaXNode>([root]);
        while (stack.TryPop(out var node))
        {
            _tree[node.Cell] = node;
            node.Children.ForEach(stack.Push);
        }
    }

    public void Run(SearchSession session, Random random)
    {
        _predictor ??= predictors.Create(options.MetaDnn, random.Next());
        try
        {
            Search(session, random);
        }
        finally
        {
            _predictor.Dispose();
        }
    }

    private void Search(SearchSession session, Random random)
    {
        if (session.Exhausted)
        {
            return;
        }

        var raw = SearchSampling.Start(session, random, options.RestrictToStore);
        session.TryResolve(raw, out int cell);
        Root = new AlphaXNode(raw, cell, null) { Visits = 1, Value = Record(session, cell, session.Query(raw)) };
        _tree[cell] = Root;
        for (int i = 0; i < IterationLimit && !session.Exhausted && !Root.Dead; i++)
        {
            session.ThrowIfCancellationRequested();
            Iterate(session, random);
        }
    }

    /// <summary>One selection → expansion → simulation → backpropagation; false when the selection found only dead ends.</summary>
    internal bool Iterate(SearchSession session, Random random)
    {
        var node = Root!;
        while (true)
        {
            if (NextUntried(node, session, random) is { } action)
            {
                var child = Expand(node, action, session, random);
                Backpropagate(child);
                return true;
            }

            var next = Select(node, random);
            if (next is null)
            {
                MarkDead(node);
                return false;
            }

            node = next;
        }
    }

    /// <summary>A random untried action leading to a new held cell (dropping the others), or null.</summary>
    private CellKey? NextUntried(AlphaXNode node, SearchSession session, Random random)
    {
        node.Untried ??= Actions(node.Raw);
        while (node.Untried.Count > 0)
        {
            int k = random.Next(node.Untried.Count);
            var action = node.Untried[k];
            node.Untried[k] = node.Untried[^1];
            node.Untried.RemoveAt(node.Untried.Count - 1);
            if (session.TryResolve(action, out int cell) && !_tree.ContainsKey(cell))
            {
                return action;
            }
        }

        return null;
    }

    private static List<CellKey> Actions(CellKey raw)
    {
        Span<CellKey> all = stackalloc CellKey[CellSampler.MaxNeighbours];
        return [.. all[..CellSampler.FillNeighbours(raw, all)]];
    }

    /// <summary>The live child of the highest UCT (random among ties), or null when none is live.</summary>
    internal AlphaXNode? Select(AlphaXNode node, Random random)
    {
        _ties.Clear();
        double best = double.NegativeInfinity;
        foreach (var child in node.Children)
        {
            if (child.Dead)
            {
                continue;
            }

            double score = Uct(child.Value, child.Visits, node.Visits, options.Exploration);
            if (score > best)
            {
                _ties.Clear();
                best = score;
            }

            if (score == best)
            {
                _ties.Add(child);
            }
        }

        return _ties.Count switch { 0 => null, 1 => _ties[0], _ => _ties[random.Next(_ties.Count)] };
    }

    /// <summary>The reference's UCT of an existing child: x̄ + 2·Cp·sqrt(2·ln n_parent / n_child).</summary>
    public static double Uct(double value, int visits, int parentVisits, double cp) =>
        value + (2 * cp * Math.Sqrt(2 * Math.Log(parentVisits) / visits));

    private AlphaXNode Expand(AlphaXNode parent, CellKey action, SearchSession session, Random random)
    {
        session.TryResolve(action, out int cell);
        double accuracy = Record(session, cell, session.QueryCell(cell));
        var child = new AlphaXNode(action, cell, parent) { Visits = 1, Value = accuracy };
        parent.Children.Add(child);
        _tree[cell] = child;
        if (_predictor!.IsFitted && options.Simulations > 0)
        {
            child.Value = (accuracy + Simulate(child.Raw, session, random)) / 2;
        }

        if (_queried.Count % options.RetrainEvery == 0)
        {
            _predictor.Fit(_fitCells, _fitAccuracies);
            Fits++;
        }

        return child;
    }

    internal static void Backpropagate(AlphaXNode child)
    {
        for (var a = child.Parent; a is not null; a = a.Parent)
        {
            a.Visits++;
            a.Value += (child.Value - a.Value) / a.Visits;
        }
    }

    private static void MarkDead(AlphaXNode node)
    {
        for (var a = node; a is not null && a.Untried is { Count: 0 } && a.Children.TrueForAll(c => c.Dead); a = a.Parent)
        {
            a.Dead = true;
        }
    }

    /// <summary>Keeps the last accuracy of each queried cell (the reference's <c>trained_networks</c>) for the next fit.</summary>
    private double Record(SearchSession session, int cell, double accuracy)
    {
        if (_queried.TryAdd(cell, accuracy))
        {
            _fitCells.Add(session.Space.Cell(cell));
            _fitAccuracies.Add(accuracy);
        }

        return accuracy;
    }
}
