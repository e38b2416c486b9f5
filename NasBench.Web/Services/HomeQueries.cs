using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>What the home page shows: the experiments running or queued, the last ten, the workers (live ones first,
/// then the last ten that went away) and the newest benchmark setup experiment.</summary>
/// <param name="Running">Running and queued experiments, oldest first (at most 50).</param>
/// <param name="Recent">The ten newest experiments.</param>
/// <param name="Workers">Live workers by host and pid, then up to ten that went away (liveness: Hangfire's server heartbeats).</param>
/// <param name="Stale">How old a heartbeat may be before its worker counts as offline.</param>
/// <param name="Setup">The newest <c>benchmark</c> experiment, or null.</param>
public sealed record HomeView(IReadOnlyList<Experiment> Running, IReadOnlyList<Experiment> Recent, IReadOnlyList<NasBench.Web.Jobs.WorkerStatus> Workers, TimeSpan Stale, Experiment? Setup);

/// <summary>The home page's database queries (the page asks this service, not the database).</summary>
public sealed class HomeQueries(IDbContextFactory<LabDbContext> contexts, NasBench.Web.Jobs.WorkerLiveness liveness)
{
    /// <summary>Everything the home page shows, read in one context.</summary>
    public async Task<HomeView> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var running = await db.Experiments.AsNoTracking().Where(e => e.Status == ExperimentStates.Running || e.Status == ExperimentStates.Queued)
            .OrderBy(e => e.Id).Take(50).ToListAsync(cancellationToken);
        var recent = await db.Experiments.AsNoTracking().OrderByDescending(e => e.Id).Take(10).ToListAsync(cancellationToken);
        var setup = await db.Experiments.AsNoTracking().Where(e => e.Kind == ExperimentKinds.Benchmark).OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);
        var workers = await liveness.ListAsync(db, cancellationToken: cancellationToken);
        return new HomeView(running, recent, workers, liveness.StaleAfter, setup);
    }
}
