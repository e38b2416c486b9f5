namespace NasBench.Training.Trainers;

/// <summary>Where and how a training runs (the recipe says what).</summary>
/// <param name="Device">"auto" (CUDA when available, else CPU), "cpu" or "cuda". The default value is "auto".</param>
/// <param name="Threads">CPU threads for TorchSharp (process-wide). With few cores the default threading collapses under load. The default value is 1.</param>
/// <param name="Seed">Seed of the weights, the data order and the augmentation. The default value is 0.</param>
/// <param name="CheckpointDirectory">Folder of the per-epoch checkpoint (resumed from when it matches); null = none. The default value is null.</param>
/// <param name="PreciseBatchNorm">Evaluate runs too short for the batch-norm running averages with precise statistics
/// (<see cref="Trainers.PreciseBatchNorm"/>); false evaluates with the running averages always, as before (for comparisons). The default value is true.</param>
public sealed record TrainingOptions(string Device = "auto", int Threads = 1, int Seed = 0, string? CheckpointDirectory = null, bool PreciseBatchNorm = true);
