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

    /// <inheritdoc/>
    public override void Validate()
    {
        if (StartupTrials < 1 || !(Gamma > 0 && Gamma <= 1) || Candidates < 1 || !(PriorWeight > 0) || LinearForgetting < 1)
        {
            throw new ArgumentException($"TPE needs startup trials ≥ 1, γ in (0, 1], candidates ≥ 1, a positive prior weight and LF ≥ 1 (got {this}).");
        }
    }

    /// <inheritdoc/>
    public override ISearchAlgorithm Create() => new TpeSearch(this);
}
