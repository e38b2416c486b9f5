namespace NasBench.Core.Progress;

/// <summary>
/// The one progress stream of every experiment (CLI progress lines, live pages): how far it is, what it does, and the
/// newest search point or training step/epoch when there is one. Reported as things happen; throttling is the
/// consumer's job.
/// </summary>
/// <param name="Fraction">Done so far, in [0, 1].</param>
/// <param name="Message">One line for people ("run 3/10", "epoch 2/6, step 120/468", "importing 1,270,872 records").</param>
public sealed record ExperimentProgress(double Fraction, string Message)
{
    /// <summary>An honest estimate of the time left (from the rate so far), when there is one.</summary>
    public TimeSpan? Remaining { get; init; }

    /// <summary>The newest point of a search run (an incumbent change or its final step).</summary>
    public SearchPoint? Point { get; init; }

    /// <summary>The newest training step.</summary>
    public TrainingStep? Step { get; init; }

    /// <summary>The newest finished training epoch.</summary>
    public TrainingEpoch? Epoch { get; init; }
}

/// <summary>Identifies one run of an experiment: configuration <paramref name="Configuration"/> (the algorithm's
/// position in a comparison, 0 for a search) and run number <paramref name="Run"/> (0-based).</summary>
public readonly record struct RunKey(int Configuration, int Run);

/// <summary>One point of one search run.</summary>
public readonly record struct SearchPoint(RunKey Run, string Algorithm, SearchProgress Progress);

/// <summary>One optimizer step of a training (<paramref name="Training"/>: 0, or the cell's position in a transfer study).</summary>
public sealed record TrainingStep(int Training, int Epoch, int Step, int StepsPerEpoch, int TotalSteps, double Loss, double LearningRate, double ImagesPerSecond);

/// <summary>One finished epoch of a training (accuracies in [0, 1]; validation is null without a validation split).</summary>
/// <param name="Training">0, or the cell's position in a transfer study.</param>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Epochs of the recipe.</param>
/// <param name="TrainLoss">Mean loss over the epoch's steps.</param>
/// <param name="TrainAccuracy">Running accuracy over the epoch's batches (train mode).</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split, when there is one.</param>
/// <param name="TestAccuracy">Accuracy on the test split.</param>
/// <param name="Seconds">Wall-clock seconds of the training so far (across resumes).</param>
public sealed record TrainingEpoch(int Training, int Epoch, int Epochs, double TrainLoss, double TrainAccuracy, double? ValidationAccuracy, double TestAccuracy, double Seconds);

/// <summary>
/// The one ETA formula of the code base (search runners, benchmark import and download, training, the lab's pages): an
/// honest remaining time from the rate so far.
/// </summary>
/// <remarks>
/// <code>
/// Extrapolate: remaining = elapsed · (1 − fraction) / (fraction − startFraction), unknown while fraction ≤ startFraction
/// Remaining:   Extrapolate, but unknown until 0.1 % is done and half a second has passed, and once it is all done
/// </code>
/// <c>startFraction</c> is where this session began (a resumed training, a resumed download): only this session's rate
/// counts, since the earlier part took no time here.
/// </remarks>
public static class Eta
{
    /// <summary>Time left by linear extrapolation of <paramref name="elapsed"/> over the fraction done since <paramref name="startFraction"/>
    /// (zero when all is done); null while nothing is done since then.</summary>
    public static TimeSpan? Extrapolate(double fraction, TimeSpan elapsed, double startFraction = 0) =>
        fraction > startFraction ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - fraction) / (fraction - startFraction)) : null;

    /// <summary><see cref="Extrapolate"/> once there is enough to say: null until 0.1 % and half a second have passed, and when done.</summary>
    public static TimeSpan? Remaining(double fraction, TimeSpan elapsed, double startFraction = 0) =>
        fraction - startFraction > 0.001 && fraction < 1 && elapsed > TimeSpan.FromSeconds(0.5) ? Extrapolate(fraction, elapsed, startFraction) : null;

    /// <summary>Time left of work started at <paramref name="startedAt"/>, "now" read from <paramref name="time"/> (injected: a page's
    /// or a test's clock).</summary>
    public static TimeSpan? Remaining(double fraction, DateTimeOffset startedAt, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Remaining(fraction, time.GetUtcNow() - startedAt);
    }
}
