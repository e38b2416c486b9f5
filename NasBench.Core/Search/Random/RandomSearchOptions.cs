using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>Options of random search.</summary>
public sealed record RandomSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "random";

    /// <summary>The distribution cells are drawn from.</summary>
    /// <value>
    /// The default value is <see cref="CellDistribution.Auto"/>: the seed paper's raw sampler on a benchmark that
    /// holds the whole space, uniform over the held cells on a partial one (rejection would rarely land on them).
    /// </value>
    public CellDistribution Sampler { get; init; } = CellDistribution.Auto;

    /// <summary>Never query a cell twice (naszilla's random search): a drawn cell already queried is drawn again,
    /// and the run ends once every cell the benchmark holds has been queried.</summary>
    /// <value>The default value is false: with replacement, as the seed's notebook samples (about half of 1,000 raw
    /// draws then repeat a cell).</value>
    public bool WithoutReplacement { get; init; }

    /// <summary>The options as the CLI, the JSON and the form name them.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<RandomSearchOptions, CellDistribution>("sampler", "Random search: auto (raw on a complete benchmark, uniform over a partial one), raw (the seed's raw-matrix sampler) or uniform (uniform over unique cells).",
            "Sampler", new(), o => o.Sampler, (o, v) => o with { Sampler = v },
            (_, _, v) => Enum.IsDefined(v) ? null : "Unknown --sampler: use auto, raw or uniform.") { Choices = CellDistributions.Names },
        new OptionDescription<RandomSearchOptions, bool>("withoutReplacement", "Random search: never query a cell twice (naszilla's random search).", "Without replacement",
            new(), o => o.WithoutReplacement, (o, v) => o with { WithoutReplacement = v }),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    public override SearchAlgorithmOptions ForRun(SearchRunContext context) =>
        this with { RestrictToStore = context.RestrictToStore, Sampler = CellDistributions.Resolve(Sampler, context.Complete) };

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new RandomSearch(this);
}
