using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Live;

/// <summary>
/// Live pages across processes (roles web and all): a worker in another process writes rows into the lab database, and
/// nothing tells this process's <see cref="ExperimentNotifier"/>. So while a page watches an experiment, this polls a
/// small signature of it every NasBench:Live:PollMilliseconds (default 250; 0 turns it off) — status, progress,
/// attempts, the newest trajectory point's id, the numbers of epochs, steps, trained cells and files — and signals the
/// notifier when it changed. Plain SQL on indexed keys: the same on SQLite (processes on one host) and PostgreSQL.
/// Nothing is polled while no page watches; an experiment that has ended is read once more, then only its row.
/// </summary>
public sealed class CrossProcessChanges(IDbContextFactory<LabDbContext> contexts, ExperimentNotifier notifier, Microsoft.Extensions.Options.IOptions<LiveOptions> settings,
    ILogger<CrossProcessChanges> logger) : BackgroundService
{
    private readonly Dictionary<long, Signature> _seen = [];
    private AnySignature? _any;

    /// <summary>Polls done (tests and the measurements).</summary>
    public long Polls { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int milliseconds = settings.Value.PollMilliseconds;
        if (milliseconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(milliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PollAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogDebug(e, "Live poll failed; the next one tries again");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>One poll of what pages watch; signals each change.</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        var watched = notifier.Watched;
        foreach (long gone in _seen.Keys.Except(watched).ToArray())
        {
            _seen.Remove(gone);
        }

        if (!watched.Contains(ExperimentNotifier.AnyExperiment))
        {
            _any = null;
        }

        if (watched.Count == 0)
        {
            return;
        }

        Polls++;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = watched.Where(id => id != ExperimentNotifier.AnyExperiment).ToArray();
        if (ids.Length > 0)
        {
            await PollExperimentsAsync(db, ids, cancellationToken);
        }

        if (watched.Contains(ExperimentNotifier.AnyExperiment))
        {
            await PollAnyAsync(db, cancellationToken);
        }
    }

    private async Task PollExperimentsAsync(LabDbContext db, long[] ids, CancellationToken cancellationToken)
    {
        var rows = await db.Experiments.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.Status, e.Progress, e.ProgressMessage, e.Attempts }).ToListAsync(cancellationToken);
        // Rows only for the experiments that run (or have just ended: their last rows).
        var open = rows.Where(r => !ExperimentStates.IsFinal(r.Status) || !_seen.TryGetValue(r.Id, out var s) || s.Status != r.Status).Select(r => r.Id).ToArray();
        var counts = open.Length == 0 ? [] : await db.Experiments.AsNoTracking().Where(e => open.Contains(e.Id)).Select(e => new
        {
            e.Id,
            Point = db.TrajectoryPoints.Where(p => p.ExperimentId == e.Id).Max(p => (long?)p.Id) ?? 0,
            Epochs = db.TrainingEpochs.Count(x => x.ExperimentId == e.Id),
            Steps = db.TrainingSteps.Count(x => x.ExperimentId == e.Id),
            Cells = db.TrainedCells.Count(x => x.ExperimentId == e.Id),
            Files = db.Artifacts.Count(x => x.ExperimentId == e.Id),
        }).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var r in rows)
        {
            var old = _seen.GetValueOrDefault(r.Id);
            var rowsPart = counts.TryGetValue(r.Id, out var c) ? (c.Point, c.Epochs, c.Steps, c.Cells, c.Files) : old?.Rows ?? default;
            var now = new Signature(r.Status, r.Progress, r.ProgressMessage, r.Attempts, rowsPart);
            _seen[r.Id] = now;
            // First sight too: a page that subscribed just before this poll may have loaded an older state.
            if (old != now)
            {
                notifier.Notify(r.Id);
            }
        }
    }

    /// <summary>The home page and lists: a new experiment, or a change of one that has not ended, or of a worker.</summary>
    private async Task PollAnyAsync(LabDbContext db, CancellationToken cancellationToken)
    {
        long last = await db.Experiments.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        var open = await db.Experiments.AsNoTracking().Where(e => e.Status == ExperimentStates.Queued || e.Status == ExperimentStates.Running)
            .OrderBy(e => e.Id).Select(e => $"{e.Id}:{e.Status}:{e.Progress}:{e.Attempts}").ToListAsync(cancellationToken);
        var workers = await db.Workers.AsNoTracking().OrderBy(w => w.Id)
            .Select(w => $"{w.Id}:{w.ServerIds}:{w.Error}").ToListAsync(cancellationToken);
        var now = new AnySignature(last, string.Join(';', open), string.Join(';', workers));
        if (_any != now)
        {
            notifier.Notify(ExperimentNotifier.AnyExperiment);
        }

        _any = now;
    }

    private sealed record Signature(string Status, double Progress, string? Message, int Attempts, (long Point, int Epochs, int Steps, int Cells, int Files) Rows);

    private sealed record AnySignature(long LastId, string Open, string Workers);
}
