using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>What the compare page can draw of the picked ids: each search or comparison's algorithms (a curve each), the
/// trainings, and the ids it leaves out (neither, or without results).</summary>
public sealed record CompareSelection(IReadOnlyList<StoredAlgorithm> Algorithms, IReadOnlyList<long> TrainingIds, IReadOnlyList<long> Dropped);

/// <summary>One training's epochs (its first training: a transfer study's cells are not compared), with its name and request.</summary>
public sealed record TrainingEpochs(long Id, string Name, ExperimentRequest? Request, IReadOnlyList<TrainingEpochRow> Epochs);

/// <summary>What the compare page reads: the runs of the picked searches and the epochs of the picked trainings.</summary>
public sealed class CompareQueries(IDbContextFactory<LabDbContext> contexts)
{
    /// <summary>The kinds the compare page offers.</summary>
    public static readonly string[] Kinds = [ExperimentKinds.Search, ExperimentKinds.Compare, ExperimentKinds.Session, ExperimentKinds.Training];

    /// <summary>The picked experiments: trainings among all of <paramref name="ids"/>, searches among the first <paramref name="max"/>.</summary>
    public async Task<CompareSelection> SelectAsync(IReadOnlyCollection<long> ids, int max = 8)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var trainings = await db.Experiments.AsNoTracking().Where(e => ids.Contains(e.Id) && e.Kind == ExperimentKinds.Training).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();
        var algorithms = new List<StoredAlgorithm>();
        var dropped = new List<long>();
        foreach (long id in ids.Take(max))
        {
            if (await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id) is { Kind: ExperimentKinds.Search or ExperimentKinds.Compare or ExperimentKinds.Session } e)
            {
                var stored = await StoredSearchRuns.LoadAsync(db, e);
                algorithms.AddRange(stored);
                if (stored.Count == 0)
                {
                    dropped.Add(id);
                }
            }
            else if (!trainings.Contains(id))
            {
                dropped.Add(id);
            }
        }

        return new CompareSelection(algorithms, trainings, dropped);
    }

    /// <summary>The epochs of the first <paramref name="max"/> of <paramref name="ids"/> that are trainings with at least one epoch, in the given order.</summary>
    public async Task<List<TrainingEpochs>> TrainingsAsync(IReadOnlyList<long> ids, int max = 8)
    {
        var picked = ids.Take(max).ToList();
        await using var db = await contexts.CreateDbContextAsync();
        var experiments = await db.Experiments.AsNoTracking().Where(e => picked.Contains(e.Id) && e.Kind == ExperimentKinds.Training).ToListAsync();
        var epochs = (await db.TrainingEpochs.AsNoTracking().Where(e => picked.Contains(e.ExperimentId) && e.Training == 0).ToListAsync())
            .GroupBy(e => e.ExperimentId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Epoch).ToList());
        return [.. picked.Select(id => experiments.FirstOrDefault(e => e.Id == id)).OfType<Experiment>()
            .Where(e => epochs.ContainsKey(e.Id)).Select(e => new TrainingEpochs(e.Id, e.Name, e.Request, epochs[e.Id]))];
    }
}
