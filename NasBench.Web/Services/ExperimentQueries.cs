using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Web.Apis;
using NasBench.Web.Data;
using NasBench.Web.Jobs;

namespace NasBench.Web.Services;

/// <summary>One page of the experiments list: the filtered total, the page's rows and each row's headline number.</summary>
public sealed record ExperimentListPage(int Total, IReadOnlyList<Experiment> Items, IReadOnlyDictionary<long, string> Headlines);

/// <summary>A preset's group and its experiments (by id).</summary>
public sealed record ExperimentGroupView(ExperimentGroup Group, IReadOnlyList<Experiment> Experiments);

/// <summary>
/// What the experiment pages read (the experiment, its re-runs, the list, a preset's group, a share link's experiment)
/// and the preset launch that writes a group row: the pages ask this, not the database. Rows are read without tracking.
/// </summary>
public sealed class ExperimentQueries(IDbContextFactory<LabDbContext> contexts, ExperimentLauncher launcher, TimeProvider time)
{
    /// <summary>The experiment, or null when there is none with this id.</summary>
    public async Task<Experiment?> FindAsync(long id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
    }

    /// <summary>The ids of the first <paramref name="max"/> re-runs of an experiment, oldest first.</summary>
    public async Task<List<long>> RerunsAsync(long id, int max = 20)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Experiments.AsNoTracking().Where(x => x.RerunOf == id).OrderBy(x => x.Id).Select(x => x.Id).Take(max).ToListAsync();
    }

    /// <summary>One page of the list (<see cref="ExperimentQuery"/>'s filters and sort): one COUNT, one page query and the
    /// headlines' two grouped queries.</summary>
    public async Task<ExperimentListPage> ListAsync(string? kind, string? status, string? owner, string? algorithm, string? dataset,
        string sort, bool descending, int skip, int take)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var query = ExperimentQuery.Filter(db.Experiments.AsNoTracking(), kind, status, owner, algorithm, dataset);
        int total = await query.CountAsync();
        var items = await ExperimentQuery.Sort(query, sort, descending).Skip(skip).Take(take).ToListAsync();
        var headlines = await ExperimentQuery.HeadlinesAsync(db, [.. items.Select(e => e.Id)]);
        return new ExperimentListPage(total, items, headlines);
    }

    /// <summary>The newest <paramref name="max"/> experiments of these kinds (only finished ones when <paramref name="succeededOnly"/>):
    /// the pick lists of the compare and correlation pages.</summary>
    public async Task<List<Experiment>> NewestAsync(IReadOnlyCollection<string> kinds, bool succeededOnly, int max)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var query = db.Experiments.AsNoTracking().Where(e => kinds.Contains(e.Kind));
        if (succeededOnly)
        {
            query = query.Where(e => e.Status == ExperimentStates.Succeeded);
        }

        return await query.OrderByDescending(e => e.Id).Take(max).ToListAsync();
    }

    /// <summary>A preset's group with its experiments, or null when there is no such group.</summary>
    public async Task<ExperimentGroupView?> GroupAsync(long id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        if (await db.ExperimentGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id) is not { } group)
        {
            return null;
        }

        return new ExperimentGroupView(group, await db.Experiments.AsNoTracking().Where(e => e.GroupId == id).OrderBy(e => e.Id).ToListAsync());
    }

    /// <summary>Launches a preset's chosen parts as one group (<see cref="PresetLaunch"/>).</summary>
    public Task<PresetLaunchResult> LaunchPresetAsync(ExperimentPreset preset, IReadOnlyList<PresetPart> parts, string ownerId, string owner) =>
        PresetLaunch.LaunchAsync(preset, parts, launcher, contexts, ownerId, owner, time);

    /// <summary>The experiment a share link shows (null for a bad or revoked token: <see cref="ShareLinks.ResolveAsync"/>).</summary>
    public async Task<Experiment?> SharedAsync(string token)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await ShareLinks.ResolveAsync(db, token);
    }
}
