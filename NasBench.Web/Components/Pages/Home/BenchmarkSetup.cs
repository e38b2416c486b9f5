using NasBench.Core.Options;
using System.Security.Claims;
using NasBench.Core.Experiments;
using NasBench.Web.Account;
using NasBench.Web.Jobs;

namespace NasBench.Web.Components.Pages.Home;

/// <summary>
/// The home page's buttons when there is no benchmark: build the SYNTHETIC demo, import a file on the server, or try the
/// official download again. Each launches a <c>benchmark</c> experiment through the launcher, as the API and
/// <c>nasbench submit data setup …</c> do (same validation, path policy, limits and audit row); it runs on the cpu queue
/// and its page shows its progress, cancel and outcome.
/// </summary>
public sealed class BenchmarkSetup(ExperimentLauncher launcher)
{
    /// <summary>Launches <paramref name="request"/> for <paramref name="user"/>: the experiment's id, or why not (one line).</summary>
    public async Task<(long? Id, string? Error)> LaunchAsync(BenchmarkSetupRequest request, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!LabRoles.CanLaunch(user))
        {
            return (null, "Only members and admins may set up the benchmark.");
        }

        try
        {
            return (await launcher.LaunchAsync(request, user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.Identity?.Name ?? "?"), null);
        }
        catch (RequestValidationException e)
        {
            return (null, string.Join(" ", e.Errors.Select(m => m.Message)));
        }
        catch (LaunchRefusedException e)
        {
            return (null, e.Message);
        }
    }
}
