using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// The runner's progress stream into Experiment.Progress: <see cref="Report"/> only keeps the newest value (cheap, on
/// the runner's thread); <see cref="RunAsync"/> writes it at most every <see cref="Interval"/> through <see cref="ExperimentChanges"/>
/// (which tells the pages).
/// Between writes it also reads the cancel flag, so a cancel made by another process stops the run.
/// </summary>
public sealed class ProgressWriter(IDbContextFactory<LabDbContext> contexts, ExperimentChanges changes, long experimentId) : IProgress<ExperimentProgress>
{
    /// <summary>How often progress is written (pages update from the notifier, not faster than this).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private ExperimentProgress? _latest;
    private ExperimentProgress? _written;

    public void Report(ExperimentProgress value) => Volatile.Write(ref _latest, value);

    /// <summary>Writes progress until <paramref name="stop"/> fires; calls <paramref name="cancel"/> when the cancel flag is set.</summary>
    public async Task RunAsync(Action cancel, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(cancel);
        using var timer = new PeriodicTimer(Interval);
        int tick = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await FlushAsync();
                if (++tick % 4 == 0)
                {
                    await using var db = await contexts.CreateDbContextAsync(stop);
                    if (await db.Experiments.AnyAsync(e => e.Id == experimentId && e.CancelRequested, stop))
                    {
                        cancel();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    /// <summary>Writes the newest progress if it changed.</summary>
    public async Task FlushAsync()
    {
        var latest = Volatile.Read(ref _latest);
        if (latest is null || ReferenceEquals(latest, _written))
        {
            return;
        }

        _written = latest;
        double fraction = double.IsFinite(latest.Fraction) ? Math.Clamp(latest.Fraction, 0, 1) : 0;
        await changes.UpdateAsync(experimentId, _ => true, s => s.SetProperty(e => e.Progress, fraction).SetProperty(e => e.ProgressMessage, latest.Message),
            CancellationToken.None);
    }
}
