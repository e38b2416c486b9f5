using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>Who may act on an experiment through the API (share, revoke, publish).</summary>
public static class ExperimentAccess
{
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
}
