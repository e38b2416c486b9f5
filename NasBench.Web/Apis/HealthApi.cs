using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;
using NasBench.Web.Extensions;
using NasBench.Web.Jobs;

namespace NasBench.Web.Apis;

/// <summary>GET /healthz: 200 when the app, both databases and (roles all/worker) this process's worker are up (its Hangfire servers run, its store matches the lab's, its heartbeat is fresh), else 503.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (IDbContextFactory<LabDbContext> contexts, JobStorage jobs, IConfiguration configuration, IServiceProvider services) =>
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

            // A worker process is healthy when its own worker is: servers started, store accepted, heartbeat fresh.
            var own = services.GetService<WorkerHost>();
            worker = own is null || own.IsUp;
            // A full disk fails every write (507 to the client): say so here, before the requests find out.
            var space = services.GetRequiredService<Account.DiskSpace>();
            long? free = space.FreeBytes();
            bool disk = !space.IsFull;
            bool ok = lab && queue && worker && disk;
            return Results.Json(new { status = ok ? "ok" : "unhealthy", role = LabRole.Of(configuration), lab, jobs = queue, workers = servers, worker = own?.IsUp, error = own?.Error,
                    disk = disk ? "ok" : "full", diskFreeBytes = free },
                statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
        return app;
    }
}
