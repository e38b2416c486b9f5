using System.Text.Json.Serialization;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;

namespace NasBench.Training.Experiments;

/// <summary><c>nasbench train</c>: train one cell on FashionMNIST, CIFAR-10 or Imagenette (kind <c>training</c>).</summary>
public sealed record TrainingRequest : TrainingRequestBase
{
    // The discriminator is written by ExperimentJson; an override does not inherit the base's [JsonIgnore].
    /// <inheritdoc/>
    [JsonIgnore]
    public override string Kind => ExperimentKinds.Training;

    /// <summary>Row-major 0/1 adjacency string of the cell (required).</summary>
    public string? Adjacency { get; init; }

    /// <summary>Comma-joined operations of the cell, input and output included (required).</summary>
    public string? Operations { get; init; }

    /// <summary>Checkpoint after every epoch in this folder, and resume from it. The default value is null (no checkpoints).</summary>
    public string? CheckpointDir { get; init; }

    /// <summary>The cell (valid only when <see cref="Validate"/> finds nothing wrong).</summary>
    public ModelSpec Spec() => ModelSpec.Parse(Adjacency!, Operations!);

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        ValidateTraining(rules);
        rules.Required("adjacency", Adjacency).Required("operations", Operations);
        if (Adjacency is not null && Operations is not null && ModelSpec.Check(Adjacency, Operations) is { Spec: null } check)
        {
            rules.Fail("adjacency", $"--adjacency/--operations: {check.Message}");
        }

        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("train",
    [
        Adjacency is not null ? $"--adjacency {CommandLine.Quote(Adjacency)}" : null,
        Operations is not null ? $"--operations {CommandLine.Quote(Operations)}" : null,
        .. TrainingArguments(),
        CheckpointDir is not null ? $"--checkpoint-dir {CommandLine.Quote(CheckpointDir)}" : null,
    ]);
}
