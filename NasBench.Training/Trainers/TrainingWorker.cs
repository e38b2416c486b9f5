using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Networks;

namespace NasBench.Training.Trainers;

/// <summary>
/// Runs trainings with TorchSharp's process-wide state under control: one training at a time in the whole process,
/// each on its own thread, with the thread count, the device and the global generator's seed set right before it
/// starts. Two trainings in one process therefore never change each other's results, whether they run one after the
/// other or are started together on two workers.
/// </summary>
/// <remarks>
/// libtorch keeps the generator that initialises weights and the intra-op thread count per process, so two
/// trainings cannot truly run side by side without one reseeding or rethreading the other mid-way: every worker
/// waits on one process-wide gate. A host that wants several trainings at once runs several processes.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "A worker is handed to runners as an instance; the gate it shares is process-wide because libtorch's state is.")]
public sealed class TrainingWorker
{
    private static readonly SemaphoreSlim ProcessGate = new(1, 1);

    /// <summary>The worker of the process (the CLI's).</summary>
    public static TrainingWorker Shared { get; } = new();

    /// <summary>
    /// Trains one cell: waits for the process's turn, then trains on a dedicated thread; <paramref name="training"/> is
    /// stamped on every step and epoch reported (0, or the cell's position in a transfer study).
    /// </summary>
    public async Task<TrainingResult> TrainAsync(ModelSpec spec, NetworkOptions network, DatasetSplits data, TrainingRecipe recipe, TrainingOptions options,
        IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken, int training = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(recipe);
        await ProcessGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A fresh thread per training: libtorch applies the thread count per OS thread (OpenMP), and no pool
            // thread is held for the hours a training may take.
            return await Task.Factory.StartNew(
                () => new Trainer(recipe, options).Train(spec, network, data, progress, cancellationToken, training),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            ProcessGate.Release();
        }
    }

    /// <summary>Runs any other work that touches TorchSharp's global state (throughput benchmarks) under the same gate.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await ProcessGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            ProcessGate.Release();
        }
    }
}
