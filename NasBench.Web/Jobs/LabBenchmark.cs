using Microsoft.EntityFrameworkCore;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// The benchmark the lab uses, as a row (Settings, key benchmark.sha256): the web records its store's SHA-256 at start
/// and after it builds or imports one; a worker compares its own copy's with it at start (and records its own when
/// none is there). A worker whose store differs takes no job.
/// </summary>
public static class LabBenchmark
{
    /// <summary>The recorded SHA-256, or null.</summary>
    public static async Task<string?> RecordedAsync(IDbContextFactory<LabDbContext> contexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Settings.AsNoTracking().Where(s => s.Key == LabSetting.BenchmarkSha256).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Records <paramref name="sha256"/>: always (<paramref name="replace"/>: the web's store is the lab's), or
    /// only when nothing is recorded (a worker). Returns what is recorded afterwards.</summary>
    public static async Task<string?> RecordAsync(IDbContextFactory<LabDbContext> contexts, string? sha256, bool replace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        if (sha256 is null)
        {
            return await RecordedAsync(contexts, cancellationToken);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        int updated = replace
            ? await db.Settings.Where(s => s.Key == LabSetting.BenchmarkSha256).ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, sha256).SetProperty(x => x.UpdatedAt, now), cancellationToken)
            : 0;
        if (updated == 0 && !await db.Settings.AnyAsync(s => s.Key == LabSetting.BenchmarkSha256, cancellationToken))
        {
            db.Settings.Add(new LabSetting { Key = LabSetting.BenchmarkSha256, Value = sha256, UpdatedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another process recorded one at the same moment; theirs stands.
            }
        }

        return await RecordedAsync(contexts, cancellationToken);
    }

    /// <summary>The web's part: records the store in use at start (roles all and web).</summary>
    public sealed class WebRecord(IDbContextFactory<LabDbContext> contexts, ILogger<WebRecord> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var info = BenchmarkInfo.Read();
            if (info.Available && info.Sha256 is not null)
            {
                await RecordAsync(contexts, info.Sha256, replace: true, cancellationToken);
                logger.LogInformation("Benchmark in use: {Store}, SHA-256 {Sha256}", info.Store, info.Sha256);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
