using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Core.Search;

/// <summary>Options of the tree-structured Parzen estimator (Bergstra et al. 2011) as hyperopt's <c>tpe.suggest</c> has them.</summary>
/// <remarks>The defaults are hyperopt's, which automl/nas_benchmarks' run_tpe.py uses unchanged.</remarks>
public sealed record TpeSearchOptions : SearchAlgorithmOptions
{
    /// <inheritdoc/>
    public override string Name => "tpe";

    /// <summary>Configurations drawn uniformly before the model is used (<c>n_startup_jobs</c>).</summary>
    /// <value>The default value is 20.</value>
    public int StartupTrials { get; init; } = 20;

    /// <summary>The split: the best ⌈γ·√n⌉ observations (at most <see cref="LinearForgetting"/>) form the "below" density.</summary>
    /// <value>The default value is 0.25.</value>
    public double Gamma { get; init; } = 0.25;

    /// <summary>Candidates drawn from the below density per variable; the one with the highest l/g is taken (<c>n_EI_candidates</c>).</summary>
    /// <value>The default value is 24.</value>
    public int Candidates { get; init; } = 24;

    /// <summary>Pseudo-count added to every category of both densities (<c>prior_weight</c>).</summary>
    /// <value>The default value is 1.</value>
    public double PriorWeight { get; init; } = 1;

    /// <summary>The cap on the below set and the number of recent observations weighted fully (<c>DEFAULT_LF</c>).</summary>
    /// <value>The default value is 25.</value>
    public int LinearForgetting { get; init; } = 25;

    /// <summary>The options as the CLI, the JSON and the form name them.</summary>
    public static IReadOnlyList<OptionDescription> Described { get; } =
    [
        new OptionDescription<TpeSearchOptions, int>("tpeStartupTrials", "TPE: configurations drawn uniformly before the model is used (hyperopt: 20).", "Start-up trials",
            new(), o => o.StartupTrials, (o, v) => o with { StartupTrials = v }, OptionRules.Between<TpeSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<TpeSearchOptions, double>("tpeGamma", "TPE: the split γ, in (0, 1] (hyperopt: 0.25).", "γ",
            new(), o => o.Gamma, (o, v) => o with { Gamma = v }, OptionRules.Above<TpeSearchOptions>(0, 1)) { OmitWhenDefault = true },
        new OptionDescription<TpeSearchOptions, int>("tpeCandidates", "TPE: expected-improvement candidates per variable (hyperopt: 24).", "EI candidates",
            new(), o => o.Candidates, (o, v) => o with { Candidates = v }, OptionRules.Between<TpeSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
        new OptionDescription<TpeSearchOptions, double>("tpePriorWeight", "TPE: pseudo-count added to every category of both densities (hyperopt: 1).", "Prior weight",
            new(), o => o.PriorWeight, (o, v) => o with { PriorWeight = v }, OptionRules.Above<TpeSearchOptions>(0, 1e6)) { OmitWhenDefault = true },
        new OptionDescription<TpeSearchOptions, int>("tpeLinearForgetting", "TPE: the cap on the below set and the recent observations weighted fully (hyperopt: 25).", "Linear forgetting",
            new(), o => o.LinearForgetting, (o, v) => o with { LinearForgetting = v }, OptionRules.Between<TpeSearchOptions>(1, 1_000_000)) { OmitWhenDefault = true },
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<OptionDescription> Descriptions => Described;

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new TpeSearch(this);
}
