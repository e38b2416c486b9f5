using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using NasBench.Web.Data;
using NasBench.Web.Live;

namespace NasBench.Web.Jobs;

/// <summary>
/// The one place the job system changes an experiment row and tells open pages about it. Every transition (launched,
/// dispatched, claimed, re-queued, cancelled, finished, poisoned, re-queued at shutdown, an ask/tell session experiment
/// opened or ended) and every progress write is a conditional UPDATE run through
/// <see cref="ApplyAsync(IReadOnlyCollection{long}, Func{Task{int}})"/>, which calls
/// <see cref="ExperimentNotifier.Notify"/> when it changed a row, after the change is committed. New result rows are the
/// result sink's (<see cref="EfResultSink"/>, after each commit); changes made by other processes reach the pages
/// through <see cref="CrossProcessChanges"/>.
/// </summary>
public sealed class ExperimentChanges(IDbContextFactory<LabDbContext> contexts, ExperimentNotifier notifier)
{
    /// <summary>Runs <paramref name="change"/> (statements on experiments <paramref name="ids"/>) and, when it changed any
    /// row, tells the pages watching them; returns how many rows it changed.</summary>
    public async Task<int> ApplyAsync(IReadOnlyCollection<long> ids, Func<Task<int>> change)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(change);
        int changed = await change();
        if (changed > 0)
        {
            foreach (long id in ids)
            {
                notifier.Notify(id);
            }
        }

        return changed;
    }

    /// <summary>Runs <paramref name="change"/> on experiment <paramref name="id"/> (a lease statement: claim, re-queue)
    /// and tells its pages when it won; returns whether it did.</summary>
    public async Task<bool> ApplyAsync(long id, Func<Task<bool>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await ApplyAsync([id], async () => await change() ? 1 : 0) > 0;
    }

    /// <summary><c>UPDATE experiments SET <paramref name="set"/> WHERE Id = <paramref name="id"/> AND <paramref name="when"/></c>,
    /// one statement; true (and the pages told) when it changed the row.</summary>
    public async Task<bool> UpdateAsync(long id, Expression<Func<Experiment, bool>> when, Action<UpdateSettersBuilder<Experiment>> set,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(set);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ApplyAsync(id, async () => await db.Experiments.Where(e => e.Id == id).Where(when).ExecuteUpdateAsync(set, cancellationToken) > 0);
    }
}
