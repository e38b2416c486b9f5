using NasBench.Core.Progress;

namespace NasBench.TestSupport;

/// <summary>
/// A progress sink that holds the run reporting to it at its first report until <see cref="Release"/>: the run is then
/// under way, between two of its steps, for as long as a test needs (no sleep, no race with a fast run).
/// </summary>
public sealed class ProgressGate : IProgress<ExperimentProgress>, IDisposable
{
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _release = new();

    /// <summary>Completes at the first report (the run is held there from then on).</summary>
    public Task Holding => _holding.Task;

    /// <summary>Lets the run go on (later reports pass at once).</summary>
    public void Release() => _release.Set();

    /// <inheritdoc/>
    public void Report(ExperimentProgress value)
    {
        _holding.TrySetResult();
        if (!_release.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new TimeoutException("The test never released the run it held.");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _release.Set();
        _release.Dispose();
    }
}
