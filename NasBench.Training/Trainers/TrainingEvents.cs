namespace NasBench.Training.Trainers;

/// <summary>Plain-data progress of a training run (what the CLI prints and the web app streams).</summary>
public abstract record TrainingEvent;

/// <summary>After each optimizer step.</summary>
public sealed record StepProgress(int Epoch, int Step, int StepsPerEpoch, int TotalSteps, double Loss, double LearningRate, double ImagesPerSecond) : TrainingEvent;

/// <summary>After each epoch (accuracies in [0, 1]; validation is null without a validation split).</summary>
public sealed record EpochProgress(int Epoch, int Epochs, double TrainLoss, double TrainAccuracy, double? ValidationAccuracy, double TestAccuracy, double Seconds) : TrainingEvent;

/// <summary>The outcome of a training run.</summary>
/// <param name="TrainAccuracy">Running accuracy over the last training epoch (train mode, augmented batches).</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split after the last epoch, when there is one.</param>
/// <param name="TestAccuracy">Accuracy on the test split after the last epoch.</param>
/// <param name="TrainableParameters">Trainable parameters of the network.</param>
/// <param name="Seconds">Wall-clock training and evaluation time (across resumes).</param>
/// <param name="Device">The device used ("cpu" or "cuda").</param>
/// <param name="Epochs">The per-epoch history.</param>
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
    IReadOnlyList<EpochProgress> Epochs);
