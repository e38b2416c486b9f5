using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Presentation;
using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Web.Data;

namespace NasBench.Web.Live;

/// <summary>
/// The lab server's sink: rows into lab.db in batches, keyed naturally, skipping what is already stored (a re-run after
/// a crash writes nothing twice), and every file through Core's <see cref="FolderSink"/> into experiments/&lt;id&gt;/, so
/// the web's files are the CLI's files. Tells the notifier after each batch.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate is a SemaphoreSlim whose wait handle is never used: it holds nothing to release.")]
public sealed class EfResultSink(IDbContextFactory<LabDbContext> contexts, long experimentId, FolderSink folder, ExperimentNotifier notifier) : IResultSink
{
    private const int BatchRows = 5000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EfSearchRows _search = new(contexts, experimentId);

    public long ExperimentId => experimentId;

    /// <summary>Time spent writing search rows and how many commits that took (the job logs it: where a run's time goes).</summary>
    public (TimeSpan Writing, int Commits, int Rows) SearchWrites => (_search.Writing, _search.Commits, _search.Rows);

    public async ValueTask AddSearchPointsAsync(RunKey run, string algorithm, IReadOnlyList<SearchProgress> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await _search.QueueAsync(run, algorithm, points);
            if (_search.PendingPoints >= BatchRows)
            {
                await WriteAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Queues the run's last points and its completion; they are committed together with the rest of the
    /// runner's drain by <see cref="FlushAsync"/> (a commit per finished run made a 100-run search spend half its time here).</summary>
    public async ValueTask CompleteSearchRunAsync(RunKey run, SearchResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await _search.QueueAsync(run, result.Algorithm, result.Trajectory);
            _search.Complete(run, result);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The end of the runner's drain: everything queued in one transaction, then one notification.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await FlushPendingAsync();

    public async ValueTask AddTrainingStepsAsync(IReadOnlyList<TrainingStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var trainings = steps.Select(s => s.Training).Distinct().ToArray();
        var stored = (await db.TrainingSteps.Where(s => s.ExperimentId == experimentId && trainings.Contains(s.Training))
                .Select(s => new { s.Training, s.Epoch, s.Step }).ToListAsync(CancellationToken.None))
            .Select(s => (s.Training, s.Epoch, s.Step)).ToHashSet();
        foreach (var s in steps.Where(s => stored.Add((s.Training, s.Epoch, s.Step))))
        {
            db.TrainingSteps.Add(new TrainingStepRow
            {
                ExperimentId = experimentId, Training = s.Training, Epoch = s.Epoch, Step = s.Step, StepsPerEpoch = s.StepsPerEpoch,
                TotalSteps = s.TotalSteps, Loss = s.Loss, LearningRate = s.LearningRate, ImagesPerSecond = s.ImagesPerSecond,
            });
        }

        await db.SaveChangesAsync(CancellationToken.None);
        Committed();
    }

    public async ValueTask AddEpochAsync(TrainingEpoch epoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        if (!await db.TrainingEpochs.AnyAsync(e => e.ExperimentId == experimentId && e.Training == epoch.Training && e.Epoch == epoch.Epoch, CancellationToken.None))
        {
            db.TrainingEpochs.Add(new TrainingEpochRow
            {
                ExperimentId = experimentId, Training = epoch.Training, Epoch = epoch.Epoch, Epochs = epoch.Epochs, TrainLoss = epoch.TrainLoss,
                TrainAccuracy = epoch.TrainAccuracy, ValidationAccuracy = epoch.ValidationAccuracy, TestAccuracy = epoch.TestAccuracy, Seconds = epoch.Seconds,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }

        Committed();
    }

    public async ValueTask AddTrainedCellAsync(TrainedCell cell, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cell);
        await folder.AddTrainedCellAsync(cell, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        if (!await db.TrainedCells.AnyAsync(c => c.ExperimentId == experimentId && c.Index == cell.Index, CancellationToken.None))
        {
            db.TrainedCells.Add(new TrainedCellRow
            {
                ExperimentId = experimentId, Index = cell.Index, Hash = cell.Hash, Adjacency = cell.Adjacency, Operations = cell.Operations,
                TrainableParameters = cell.TrainableParameters, TrainAccuracy = cell.TrainAccuracy, ValidationAccuracy = cell.ValidationAccuracy,
                TestAccuracy = cell.TestAccuracy, Seconds = cell.Seconds,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }

        await RecordFilesAsync();
        Committed();
    }

    public async ValueTask<IReadOnlyList<TrainedCell>> ReadTrainedCellsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.TrainedCells.Where(c => c.ExperimentId == experimentId).OrderBy(c => c.Index).ToListAsync(cancellationToken);
        return [.. rows.Select(c => new TrainedCell(c.Index, c.Hash, c.Adjacency, c.Operations, c.TrainableParameters, c.TrainAccuracy, c.ValidationAccuracy, c.TestAccuracy, c.Seconds))];
    }

    public async ValueTask AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        await folder.AddArtifactAsync(artifact, cancellationToken);
        await RecordFilesAsync();
        Committed();
    }

    public ValueTask<Artifact?> ReadArtifactAsync(string name, CancellationToken cancellationToken) => folder.ReadArtifactAsync(name, cancellationToken);

    public async ValueTask AddFigureAsync(Figure figure, CancellationToken cancellationToken)
    {
        await folder.AddFigureAsync(figure, cancellationToken);
        await RecordFilesAsync();
        Committed();
    }

    public async ValueTask CompleteAsync(ExperimentOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await WriteAsync();
        }
        finally
        {
            _gate.Release();
        }

        await folder.CompleteAsync(outcome, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.Experiments.Where(e => e.Id == experimentId).ExecuteUpdateAsync(
            s => s.SetProperty(e => e.Partial, outcome.Partial).SetProperty(e => e.Notes, string.Join('\n', outcome.Notes)), CancellationToken.None);
        Committed();
    }

    /// <summary>Writes what is pending (also called by the job when it ends, whatever happened).</summary>
    public async Task FlushPendingAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await WriteAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteAsync()
    {
        if (await _search.FlushAsync())
        {
            Committed();
        }
    }

    /// <summary>The sink's one call to the notifier, after each commit (a batch of rows, an epoch, a file, the outcome).</summary>
    private void Committed() => notifier.Notify(experimentId);

    private async Task RecordFilesAsync()
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var known = await db.Artifacts.Where(a => a.ExperimentId == experimentId).ToDictionaryAsync(a => a.Name, CancellationToken.None);
        foreach (string path in folder.Written)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                continue;
            }

            if (!known.TryGetValue(info.Name, out var row))
            {
                db.Artifacts.Add(row = new ArtifactRow { ExperimentId = experimentId, Name = info.Name, ContentType = Artifact.ContentTypeOf(info.Name) });
                known[info.Name] = row;
            }

            row.Length = info.Length;
            row.WrittenAt = DateTimeOffset.UtcNow;
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }
}
