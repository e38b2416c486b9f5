using System.Globalization;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Experiments;

/// <summary><c>nasbench study distance</c>: distance between cells vs |Δ mean validation accuracy| (the seed paper's Figure 4).</summary>
public sealed record DistanceRequest : BenchmarkRequest
{
    /// <inheritdoc/>
    public override string Kind => ExperimentKinds.Distance;

    /// <summary>Random pairs of cells. The default value is 1,000 (the seed's).</summary>
    public int Pairs { get; init; } = 1000;

    /// <summary>Seed of the pairs and the bootstrap. The default value is 0.</summary>
    public int Seed { get; init; }

    /// <summary>How pairs are drawn. The default value is auto.</summary>
    public CellDistribution Sampler { get; init; } = CellDistribution.Auto;

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        ValidateSource(rules);
        rules.InRange("pairs", Pairs, 3, 10_000_000);
        if (!Enum.IsDefined(Sampler))
        {
            rules.Fail("sampler", "Unknown --sampler: use auto, raw or uniform.");
        }

        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("study distance",
    [
        .. SourceArguments(),
        Pairs != 1000 ? Inv($"--pairs {Pairs}") : null,
        Seed != 0 ? Inv($"--seed {Seed}") : null,
        Sampler != CellDistribution.Auto ? $"--sampler {CellDistributions.Name(Sampler)}" : null,
    ]);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary><c>nasbench study cells</c>: features of performant cells vs the others (the seed paper's §3.5).</summary>
public sealed record CellsRequest : BenchmarkRequest
{
    /// <inheritdoc/>
    public override string Kind => ExperimentKinds.Cells;

    /// <summary>Performant: mean accuracy strictly above this. The default value is 0.92.</summary>
    public double Threshold { get; init; } = 0.92;

    /// <summary>Threshold the mean test accuracy instead of the mean validation accuracy. The default value is false.</summary>
    public bool Test { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        ValidateSource(rules);
        rules.InRange("threshold", Threshold, 0, 1);
        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("study cells",
    [
        .. SourceArguments(),
        Threshold != 0.92 ? string.Create(CultureInfo.InvariantCulture, $"--threshold {Threshold:R}") : null,
        Test ? "--test" : null,
    ]);
}

/// <summary><c>nasbench study correlate</c>: Pearson, Spearman and Kendall of two columns of a CSV file.</summary>
public sealed record CorrelateRequest : ExperimentRequest
{
    /// <inheritdoc/>
    public override string Kind => ExperimentKinds.Correlate;

    /// <summary>A CSV file with a header row.</summary>
    public string? File { get; init; }

    /// <summary>Column of the first accuracy list.</summary>
    public string? X { get; init; }

    /// <summary>Column of the second accuracy list.</summary>
    public string? Y { get; init; }

    /// <summary>Use only the first N data rows. The default value is null (all).</summary>
    public int? Rows { get; init; }

    /// <summary>Bootstrap resamples for the confidence intervals. The default value is 1,000.</summary>
    public int Bootstrap { get; init; } = 1000;

    /// <summary>Seed of the bootstrap. The default value is 0.</summary>
    public int Seed { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        rules.Required("file", File).Required("x", X).Required("y", Y)
            .AtLeast("rows", Rows, 3)
            .InRange("bootstrap", Bootstrap, 1, 1_000_000);
        if (File is not null && !System.IO.File.Exists(File))
        {
            rules.Fail("file", $"--file '{File}' does not exist.");
        }

        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("study correlate",
    [
        File is null ? null : $"--file {CommandLine.Quote(File)}",
        X is null ? null : $"--x {CommandLine.Quote(X)}",
        Y is null ? null : $"--y {CommandLine.Quote(Y)}",
        Rows is { } r ? string.Create(CultureInfo.InvariantCulture, $"--rows {r}") : null,
        Bootstrap != 1000 ? string.Create(CultureInfo.InvariantCulture, $"--bootstrap {Bootstrap}") : null,
        Seed != 0 ? string.Create(CultureInfo.InvariantCulture, $"--seed {Seed}") : null,
    ]);
}
