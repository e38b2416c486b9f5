namespace NasBench.Training.Tests;

/// <summary>
/// Tests that train or build networks run one at a time: TorchSharp's thread count and global generator are
/// process-wide (seeded trainings must not share them), and the machine is small.
/// </summary>
[CollectionDefinition(nameof(TrainingCollection), DisableParallelization = true)]
public sealed class TrainingCollection
{
}
