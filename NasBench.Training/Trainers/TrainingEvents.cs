using NasBench.Core.Experiments;
using NasBench.Core.Progress;

namespace NasBench.Training.Trainers;

/// <summary>The outcome of a training run.</summary>
/// <param name="TrainAccuracy">Running accuracy over the last training epoch (train mode, augmented batches).</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split after the last epoch, when there is one.</param>
/// <param name="TestAccuracy">Accuracy on the test split after the last epoch.</param>
/// <param name="TrainableParameters">Trainable parameters of the network.</param>
/// <param name="Seconds">Wall-clock training and evaluation time (across resumes).</param>
/// <param name="Device">The device used ("cpu" or "cuda").</param>
/// <param name="Seed">Seed of the weights, the data order and the augmentation.</param>
/// <param name="Recipe">The recipe's name.</param>
/// <param name="TorchSharpVersion">The TorchSharp assembly's version.</param>
/// <param name="Threads">CPU threads of the run.</param>
/// <param name="Epochs">The per-epoch history (Core's <see cref="TrainingEpoch"/>).</param>
/// <param name="PreciseBatchNorm">True when the last evaluation used precise batch-norm statistics (<see cref="Trainers.PreciseBatchNorm"/>): the run was too short for the running averages.</param>
public sealed record TrainingResult(
    double TrainAccuracy,
    double? ValidationAccuracy,
    double TestAccuracy,
    long TrainableParameters,
    double Seconds,
    string Device,
    int Seed,
    string Recipe,
    string TorchSharpVersion,
    int Threads,
    IReadOnlyList<TrainingEpoch> Epochs,
    bool PreciseBatchNorm = false);
