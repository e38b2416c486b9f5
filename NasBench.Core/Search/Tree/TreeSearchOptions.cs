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

    /// <inheritdoc/>
    public override void Validate()
    {
        if (!(Exploration >= 0) || double.IsInfinity(Exploration))
        {
            throw new ArgumentException($"The exploration constant must be finite and non-negative (got {Exploration}).");
        }
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new TreeSearch(this);
}
