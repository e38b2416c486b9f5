using System.Security.Claims;

namespace NasBench.Web.Account;

/// <summary>The lab's roles: Admin (everything, /hangfire), Member (launches, cancels its own), Viewer (reads).</summary>
public static class LabRoles
{
    public const string Admin = "Admin";
    public const string Member = "Member";
    public const string Viewer = "Viewer";
    public const string LaunchPolicy = "Launch";
    public const string AdminPolicy = "Admin";

    public static readonly string[] All = [Admin, Member, Viewer];

    public static bool CanLaunch(ClaimsPrincipal user) => user?.IsInRole(Admin) == true || user?.IsInRole(Member) == true;

    /// <summary>Cancel and re-run: an Admin, or the Member who owns the experiment.</summary>
    public static bool CanControl(ClaimsPrincipal user, string ownerId) =>
        user?.IsInRole(Admin) == true || (user?.IsInRole(Member) == true && user.FindFirstValue(ClaimTypes.NameIdentifier) == ownerId);
}
