using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Core.Search;

/// <summary>Options of the UCB1 tree search.</summary>
public sealed record TreeSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "tree";

    /// <summary>The exploration constant C in reward + C·sqrt(2·ln N_parent / n_child).</summary>
    /// <value>The default value is 1.0 (the seed's).</value>
    public double Exploration { get; init; } = 1.0;

    /// <summary>When true, a node's op children are all other ops of every interior vertex (10), not one random each (5).</summary>
    /// <value>The default value is false (the seed's: one random other op per interior vertex).</value>
    public bool ExpandAllOperations { get; init; }

    /// <summary>The options as the CLI, the JSON and the form name them.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<TreeSearchOptions, double>("exploration", "Tree search: UCB1 constant C.", "Exploration C",
            new(), o => o.Exploration, (o, v) => o with { Exploration = v }, OptionRules.Between<TreeSearchOptions>(0, 1e6)),
        new OptionDescription<TreeSearchOptions, bool>("expandAllOps", "Tree search: children for every other op of each vertex, not one random.", "Expand all ops",
            new(), o => o.ExpandAllOperations, (o, v) => o with { ExpandAllOperations = v }),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new TreeSearch(this);
}
