using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;
using NasBench.Web.Extensions;
using NasBench.Web.Jobs;

namespace NasBench.Web.Apis;

/// <summary>
/// <code>
/// GET /healthz  (anyone) → 200 Health when the app, both databases and (roles all/worker) this process's worker are up
///                          (its Hangfire servers run, its store matches the lab's, its heartbeat is fresh) and the disk
///                          has room; else 503 with the same body
/// </code>
/// </summary>
public static class HealthApi
{
    /// <summary>The answer: each part's state (<see cref="Worker"/> and <see cref="Error"/> are null where no worker runs).</summary>
    public sealed record Health(string Status, string Role, bool Lab, bool Jobs, int Workers, bool? Worker, string? Error, string Disk, long? DiskFreeBytes);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetAsync).AllowAnonymous();
        return app;
    }

    private static async Task<JsonHttpResult<Health>> GetAsync(IDbContextFactory<LabDbContext> contexts, JobStorage jobs, IConfiguration configuration,
        IServiceProvider services)
    {
        bool lab, queue;
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
        bool worker = own is null || own.IsUp;
        // A full disk fails every write (507 to the client): say so here, before the requests find out.
        var space = services.GetRequiredService<Account.DiskSpace>();
        long? free = space.FreeBytes();
        bool disk = !space.IsFull;
        bool ok = lab && queue && worker && disk;
        return TypedResults.Json(new Health(ok ? "ok" : "unhealthy", LabRole.Of(configuration), lab, queue, servers, own?.IsUp, own?.Error, disk ? "ok" : "full", free),
            statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
