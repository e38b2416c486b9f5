using Microsoft.EntityFrameworkCore;
using NasBench.Web.Apis;
using NasBench.Web.Data;
using NasBench.Web.Live;

namespace NasBench.Web.Services;

/// <summary>A downsampled read of an experiment's trajectory rows (<see cref="TrajectoryReader"/>): the rows kept, how many
/// stored rows they cover, and the id of the last stored row.</summary>
public sealed record TrajectoryRead(IReadOnlyList<TrajectoryPoint> Rows, long Covered, long LastId);

/// <summary>
/// What the search pages read: the live chart's trajectory rows (a downsampled first read, then only the rows after the last
/// one drawn) and the stored runs of a search or comparison (<see cref="StoredSearchRuns"/>) for the headline table and the
/// compare page.
/// </summary>
public sealed class SearchQueries(IDbContextFactory<LabDbContext> contexts)
{
    /// <summary>At most the rows a chart draws (≤ 2,000 a run, chosen in SQL), never all of them.</summary>
    public async Task<TrajectoryRead> TrajectoryAsync(long experimentId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var (rows, covered, lastId) = await TrajectoryReader.ReadAsync(db, experimentId);
        return new TrajectoryRead(rows, covered, lastId);
    }

    /// <summary>The rows stored after <paramref name="afterId"/>, in id order, at most <paramref name="max"/>.</summary>
    public async Task<List<TrajectoryPoint>> TrajectoryAfterAsync(long experimentId, long afterId, int max = 20_000)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.TrajectoryPoints.AsNoTracking().Where(p => p.ExperimentId == experimentId && p.Id > afterId).OrderBy(p => p.Id).Take(max).ToListAsync();
    }

    /// <summary>The runs of each algorithm of a search or comparison, as stored.</summary>
    public async Task<IReadOnlyList<StoredAlgorithm>> RunsAsync(Experiment experiment)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await StoredSearchRuns.LoadAsync(db, experiment);
    }
}
