using System.Text.Json.Serialization;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;

namespace NasBench.Training.Experiments;

/// <summary>
/// <c>nasbench study transfer</c> (kind <c>transfer</c>): sample cells the store holds, train each on another dataset,
/// and correlate with their NAS-Bench-101 CIFAR-10 accuracies at 12/36/108 epochs (the seed paper's Table 1).
/// </summary>
/// <remarks>The output folder (the CLI's <c>--out</c>) is the sink's, not part of the request.</remarks>
public sealed record TransferRequest : TrainingRequestBase
{
    // The discriminator is written by ExperimentJson; an override does not inherit the base's [JsonIgnore].
    /// <inheritdoc/>
    [JsonIgnore]
    public override string Kind => ExperimentKinds.Transfer;

    /// <summary>Cells to sample and train (at least 3: the correlations need three pairs). Required.</summary>
    public int Cells { get; init; }

    /// <summary>How cells are drawn: raw (the seed paper's raw matrices, duplicates possible), uniform (distinct cells
    /// of the store), auto (raw on a complete store, uniform otherwise). The default value is auto.</summary>
    public CellDistribution Sampler { get; init; } = CellDistribution.Auto;

    /// <summary>The benchmark store holding the CIFAR-10 results; null is the default store. The default value is null.</summary>
    public string? Store { get; init; }

    /// <summary>The benchmark source the request names.</summary>
    [JsonIgnore]
    public BenchmarkSource Source => new(Store);

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        if (Cells < 3)
        {
            rules.Fail("cells", Inv($"--cells {Cells}: the correlations need at least 3 cells."));
        }
        else
        {
            rules.InRange("cells", Cells, 3, 100_000);
        }

        if (!Enum.IsDefined(Sampler))
        {
            rules.Fail("sampler", "Unknown --sampler: use auto, raw or uniform.");
        }

        ValidateTraining(rules);
        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("study transfer",
    [
        Inv($"--cells {Cells}"),
        Sampler != CellDistribution.Auto ? $"--sampler {CellDistributions.Name(Sampler)}" : null,
        Store is not null ? $"--store {CommandLine.Quote(Store)}" : null,
        .. TrainingArguments(),
    ]);
}
