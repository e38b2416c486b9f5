using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>The audit list: one row per launch, cancel, publish, unpublish, share, revoke, import and user change.</summary>
public static class AuditLog
{
    public static async Task WriteAsync(IDbContextFactory<LabDbContext> contexts, string? user, string action, long? experimentId, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync();
        db.Audit().Add(new AuditEntry
        {
            At = DateTimeOffset.UtcNow,
            User = Cut(string.IsNullOrWhiteSpace(user) ? "?" : user, 256),
            Action = action,
            ExperimentId = experimentId,
            Detail = detail is null ? null : Cut(detail, 1000),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>The experiment when it exists and the user may control it (owner Member or Admin): share, publish.</summary>
    public static async Task<(Experiment? Experiment, ProblemHttpResult? Problem)> ControlledAsync(LabDbContext db, long id, ClaimsPrincipal user, string what)
    {
        ArgumentNullException.ThrowIfNull(db);
        var e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (e is null)
        {
            return (null, ApiProblems.NoExperiment(id));
        }

        return LabRoles.CanControl(user, e.OwnerId)
            ? (e, null)
            : (null, ApiProblems.Status(StatusCodes.Status403Forbidden, $"Only its owner or an admin can {what} an experiment."));
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
