using Hangfire;
using Hangfire.Dashboard;
using NasBench.Web.Account;
using NasBench.Web.Apis;

namespace NasBench.Web.Extensions;

/// <summary>The HTTP API (LAB.md's routes) and the Hangfire dashboard (Admin only).</summary>
public static class ApiExtensions
{
    public static WebApplication MapLabApis(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthApi();
        if (!LabRole.ServesWeb(app.Configuration))
        {
            return app;
        }

        app.MapTokensApi();
        app.MapBenchmarkApi();
        app.MapExperimentsApi();
        app.MapSessionsApi();     // ask/tell: a lab's own algorithm against the benchmark (issue 20)
        app.MapUploadsApi();
        app.MapSharesApi();      // share links, results, users, audit, export/import (issue 11)
        app.MapResultsApi();
        app.MapUsersApi();
        app.MapExportApi();
        app.MapCorrelationApi();
        // Hangfire's default filter lets every local request in, which is wrong behind a proxy: Admins only.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AdminOnly()], AppPath = "/", DashboardTitle = "NasBench jobs" });
        return app;
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(LabRoles.Admin);
    }
}
