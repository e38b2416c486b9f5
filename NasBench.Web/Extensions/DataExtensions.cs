using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Extensions;

/// <summary>EF Core on SQLite: lab.db in the data folder, WAL mode, migrations applied at start-up.</summary>
public static class DataExtensions
{
    public static WebApplicationBuilder AddLabData(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Directory.CreateDirectory(LabPaths.DataDirectory);
        string connection = builder.Configuration.GetConnectionString("Lab") ?? $"Data Source={LabPaths.LabDatabase};Pooling=True";
        builder.Services.AddDbContextFactory<LabDbContext>(o => o.UseSqlite(connection).AddInterceptors(new WalSynchronousNormal()));
        return builder;
    }

    /// <summary>
    /// synchronous=NORMAL on every connection (the setting is per connection): in WAL mode a commit then does not wait for
    /// an fsync (the WAL is synced at checkpoints), which makes the many small commits of live results cheap. A crash of
    /// the process loses nothing; a power cut may lose the last commits but never corrupts the file, and the jobs'
    /// idempotent re-runs write whatever was lost again.
    /// </summary>
    private sealed class WalSynchronousNormal : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
    {
        public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) =>
            Apply(connection);

        public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(System.Data.Common.DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Applies the migrations (EF Core takes a lock, so two processes starting at once are safe), turns on WAL,
    /// and makes sure the roles and the first admin exist.</summary>
    public static async Task MigrateLabDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
        }

        await NasBench.Web.Account.LabSetup.EnsureAsync(app.Services);
    }
}
