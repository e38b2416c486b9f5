using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;
using NasBench.Web.Extensions;

namespace NasBench.Web.Apis;

/// <summary>GET /healthz: 200 when the app, both databases and (roles all/worker) a worker are up, else 503.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (IDbContextFactory<LabDbContext> contexts, JobStorage jobs, IConfiguration configuration) =>
        {
            bool lab, queue, worker;
            await using (var db = await contexts.CreateDbContextAsync())
            {
                lab = await db.Database.CanConnectAsync();
            }

            int servers;
            try
            {
                servers = jobs.GetMonitoringApi().Servers().Count;
                queue = true;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                servers = 0;
                queue = false;
            }

            worker = !LabRole.RunsWorker(configuration) || servers > 0;
            bool ok = lab && queue && worker;
            return Results.Json(new { status = ok ? "ok" : "unhealthy", role = LabRole.Of(configuration), lab, jobs = queue, workers = servers },
                statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
        return app;
    }
}
