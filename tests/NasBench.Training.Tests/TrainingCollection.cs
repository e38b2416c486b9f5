namespace NasBench.Training.Tests;

/// <summary>Tests that train networks: run one at a time (TorchSharp threads are process-wide; the machine is small).</summary>
[CollectionDefinition(nameof(TrainingCollection), DisableParallelization = true)]
public sealed class TrainingCollection
{
}
