using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>An experiment's epochs (every training's) and the first training's steps, in training order.</summary>
public sealed record TrainingProgressRows(IReadOnlyList<TrainingEpochRow> Epochs, IReadOnlyList<TrainingStepRow> Steps);

/// <summary>What the training panels read: the live chart's epochs and steps, and the cells a transfer study or an advice
/// experiment trained.</summary>
public sealed class TrainingQueries(IDbContextFactory<LabDbContext> contexts)
{
    /// <summary>Every epoch (by training, then epoch) and the steps of training 0 (by epoch, then step).</summary>
    public async Task<TrainingProgressRows> ProgressAsync(long experimentId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var epochs = await db.TrainingEpochs.AsNoTracking().Where(e => e.ExperimentId == experimentId).OrderBy(e => e.Training).ThenBy(e => e.Epoch).ToListAsync();
        var steps = await db.TrainingSteps.AsNoTracking().Where(s => s.ExperimentId == experimentId && s.Training == 0).OrderBy(s => s.Epoch).ThenBy(s => s.Step).ToListAsync();
        return new TrainingProgressRows(epochs, steps);
    }

    /// <summary>The cells trained so far, in study order.</summary>
    public async Task<List<TrainedCellRow>> TrainedCellsAsync(long experimentId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.TrainedCells.AsNoTracking().Where(c => c.ExperimentId == experimentId).OrderBy(c => c.Index).ToListAsync();
    }
}
