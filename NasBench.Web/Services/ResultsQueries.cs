using Microsoft.EntityFrameworkCore;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>
/// The results pages' reads (the published list, an experiment's publication) and the experiment page's result actions:
/// share, revoke the share links, publish, unpublish — each written to the audit list. Callers check who may (the
/// page's <c>AllowedAsync</c>, as the database says now) before they call.
/// </summary>
public sealed class ResultsQueries(IDbContextFactory<LabDbContext> contexts, TimeProvider time)
{
    /// <summary>One page of the published results (<see cref="Publications.ListAsync"/>: the API's query).</summary>
    public Task<Page<ResultEntry>> ListAsync(ResultsFilter filter, int skip, int take) => Publications.ListAsync(contexts, filter, skip, take);

    /// <summary>The experiment's publication, or null when it is not published.</summary>
    public async Task<Publication?> PublicationAsync(long experimentId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Publications().AsNoTracking().SingleOrDefaultAsync(x => x.ExperimentId == experimentId);
    }

    /// <summary>A new share link; returns its token (only its hash is stored).</summary>
    public async Task<string> ShareAsync(long experimentId, string? user)
    {
        var (token, hash) = ShareLinks.NewToken();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.ShareLinks().Add(new ShareLink { ExperimentId = experimentId, Hash = hash, CreatedBy = user ?? "?", CreatedAt = time.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        await AuditLog.WriteAsync(contexts, user, "shared", experimentId);
        return token;
    }

    /// <summary>Revokes every live share link of the experiment; returns how many.</summary>
    public async Task<int> RevokeSharesAsync(long experimentId, string? user)
    {
        var now = time.GetUtcNow();
        int n;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            n = await db.ShareLinks().Where(s => s.ExperimentId == experimentId && s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now));
        }

        await AuditLog.WriteAsync(contexts, user, "revoked", experimentId, $"{n} link(s)");
        return n;
    }

    /// <summary>Publishes (or updates the publication of) the experiment on /results (<see cref="Publications.PublishAsync"/>).</summary>
    public async Task<Publication> PublishAsync(Experiment experiment, string title, string note, IEnumerable<string> tags, string publisherId, string? publisher)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        Publication p;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            p = await Publications.PublishAsync(db, experiment, title, note, tags, publisherId, publisher ?? "?");
        }

        await AuditLog.WriteAsync(contexts, publisher, "published", experiment.Id, p.Title);
        return p;
    }

    /// <summary>Takes the experiment off /results.</summary>
    public async Task UnpublishAsync(long experimentId, string? user)
    {
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Publications().Where(p => p.ExperimentId == experimentId).ExecuteDeleteAsync();
        }

        await AuditLog.WriteAsync(contexts, user, "unpublished", experimentId);
    }
}
