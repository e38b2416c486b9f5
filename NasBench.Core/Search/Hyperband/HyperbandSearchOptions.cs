using NasBench.Core.Progress;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Core.Search;

/// <summary>Options of Hyperband (Li et al. 2018) and successive halving on the benchmark's epoch budgets.</summary>
public sealed record HyperbandSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => SuccessiveHalving ? "sh" : "hyperband";

    /// <summary>Run only the most aggressive bracket (27×4 9×12 3×36 1×108), again and again: successive halving.</summary>
    /// <value>The default value is false: Hyperband's four brackets in turn.</value>
    public bool SuccessiveHalving { get; init; }

    /// <summary>The halving rate η: a stage keeps the best 1/η of its configurations.</summary>
    /// <value>The default value is 3 (run_hyperband.py's).</value>
    public int Eta { get; init; } = 3;

    /// <summary>The smallest epoch budget (a bracket's first stage at most aggressive).</summary>
    /// <value>The default value is 4.</value>
    public int MinEpochs { get; init; } = 4;

    /// <summary>The largest epoch budget.</summary>
    /// <value>The default value is 108.</value>
    public int MaxEpochs { get; init; } = 108;

    /// <summary>The brackets the options give.</summary>
    public IReadOnlyList<HyperbandBracket> Brackets() => HyperbandSchedule.Brackets(MinEpochs, MaxEpochs, Eta);

    /// <summary>The epoch budgets as the form offers them (before <see cref="Described"/>, which uses them).</summary>
    internal static IReadOnlyList<string> EpochChoices { get; } = ["4", "12", "36", "108"];

    /// <summary>The options as the CLI, the JSON and the form name them (sh and hyperband share them).</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<HyperbandSearchOptions, int>("hyperbandEta", "Hyperband, successive halving: the halving rate η (run_hyperband.py: 3).", "η",
            new(), o => o.Eta, (o, v) => o with { Eta = v }, OptionRules.Between<HyperbandSearchOptions>(2, 27)) { OmitWhenDefault = true },
        new OptionDescription<HyperbandSearchOptions, int>("hyperbandMinEpochs", "Hyperband, successive halving: the smallest epoch budget (4, 12, 36 or 108; the largest is --epochs).", "Smallest epoch budget",
            new(), o => o.MinEpochs, (o, v) => o with { MinEpochs = v }, EpochBudget<HyperbandSearchOptions>()) { OmitWhenDefault = true, Choices = EpochChoices },
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    protected override void ValidateCombination() => ValidateBudgets(Eta, MinEpochs, MaxEpochs);

    /// <inheritdoc/>
    /// <remarks>The largest budget is the request's <c>--epochs</c>; the smallest is capped by it.</remarks>
    public override SearchAlgorithmOptions ForRun(SearchRunContext context) => this with
    {
        RestrictToStore = context.RestrictToStore,
        SuccessiveHalving = context.Name == "sh",
        MaxEpochs = context.Epochs,
        MinEpochs = Math.Min(MinEpochs, context.Epochs),
    };

    /// <summary>The rule of an epoch budget option: 4, 12, 36 or 108.</summary>
    internal static Func<string, TOwner, int, string?> EpochBudget<TOwner>() =>
        (name, _, v) => v is 4 or 12 or 36 or 108 ? null : OptionRules.Inv($"{RequestRules.Option(name)} must be 4, 12, 36 or 108 (got {v}).");

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new HyperbandSearch(this, new UniformConfigurations());

    /// <summary>The rule Hyperband and BOHB share: η ≥ 2 and budgets that are NAS-Bench-101 epoch budgets in the schedule.</summary>
    internal static void ValidateBudgets(int eta, int minEpochs, int maxEpochs)
    {
        if (eta < 2 || minEpochs is not (4 or 12 or 36 or 108) || maxEpochs is not (4 or 12 or 36 or 108) || maxEpochs < minEpochs)
        {
            throw new ArgumentException($"Hyperband needs η ≥ 2 and epoch budgets 4, 12, 36 or 108 with min ≤ max (got η = {eta}, {minEpochs}…{maxEpochs}).");
        }

        if (HyperbandSchedule.Brackets(minEpochs, maxEpochs, eta).SelectMany(b => b.Epochs).Any(e => e is not (4 or 12 or 36 or 108)))
        {
            throw new ArgumentException($"η = {eta} between {minEpochs} and {maxEpochs} epochs gives budgets the benchmark does not hold.");
        }
    }

    /// <summary>hpbandster's <c>RandomSampling</c>: every configuration uniform.</summary>
    private sealed class UniformConfigurations : IConfigurationSampler
    {
        public void Sample(Random random, Span<int> into) => CellConfigurations.SampleUniform(random, into);

        public void Observe(ReadOnlySpan<int> configuration, int epochs, double loss)
        {
        }

        /// <summary>No model: a free evaluation costs a uniform draw.</summary>
        public long MaxFree => SearchSession.MaxFreeIterations;
    }
}
