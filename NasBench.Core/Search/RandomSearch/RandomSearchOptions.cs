namespace NasBench.Core.Search.RandomSearch;

/// <summary>Which distribution random search draws from.</summary>
public enum RandomSampler
{
    /// <summary>The seed paper's sampler: 21 uniform edge bits and 5 uniform ops, resampled until valid (favours cells with many raw forms).</summary>
    RawMatrix,

    /// <summary>Uniform over the 423,624 unique cells (or over the store's cells when restricted).</summary>
    UniformUnique,
}

/// <summary>Options of random search.</summary>
public sealed record RandomSearchOptions : SearchAlgorithmOptions
{
    public override string Name => "random";

    /// <summary>The distribution cells are drawn from.</summary>
    /// <value>The default value is <see cref="RandomSampler.RawMatrix"/>, the seed paper's.</value>
    public RandomSampler Sampler { get; init; } = RandomSampler.RawMatrix;

    public override void Validate()
    {
        if (!Enum.IsDefined(Sampler))
        {
            throw new ArgumentException($"Unknown random sampler {Sampler}.");
        }
    }

    public override ISearchAlgorithm Create() => new RandomSearch(this);
}
