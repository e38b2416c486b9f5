using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using NasBench.Web.Data;

namespace NasBench.Web.Extensions;

/// <summary>EF Core on SQLite (lab.db in the data folder, WAL mode) or PostgreSQL (<see cref="LabDatabase"/>);
/// migrations applied at start-up.</summary>
public static class DataExtensions
{
    public static WebApplicationBuilder AddLabData(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (LabDatabase.IsPostgres(builder.Configuration))
        {
            string lab = LabDatabase.RequiredConnectionString(builder.Configuration, "Lab");
            services.AddDbContextFactory<PostgresLabDbContext>(o => o.UseNpgsql(lab));
            // Every service asks for LabDbContext: hand out the PostgreSQL subclass.
            services.AddSingleton<IDbContextFactory<LabDbContext>>(sp => new Upcast(sp.GetRequiredService<IDbContextFactory<PostgresLabDbContext>>()));
            services.AddScoped<LabDbContext>(sp => sp.GetRequiredService<PostgresLabDbContext>());
            return builder;
        }

        Directory.CreateDirectory(LabPaths.DataDirectory);
        string connection = builder.Configuration.GetConnectionString("Lab") ?? $"Data Source={LabPaths.LabDatabase};Pooling=True";
        services.AddDbContextFactory<LabDbContext>(o => o.UseSqlite(connection).AddInterceptors(new WalSynchronousNormal()));
        return builder;
    }

    private sealed class Upcast(IDbContextFactory<PostgresLabDbContext> inner) : IDbContextFactory<LabDbContext>
    {
        public LabDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<LabDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => await inner.CreateDbContextAsync(cancellationToken);
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

    /// <summary>Applies the migrations, turns on WAL on SQLite, and makes sure the roles and the first admin exist. Two
    /// processes starting at once are safe: on SQLite EF Core's migration lock serialises them; on PostgreSQL the whole
    /// start-up (migrations and the first admin) runs under an advisory lock — EF Core's own lock was seen to let two
    /// processes apply the same second migration (PostgresStartupTests), and Identity's "create the role if missing" is
    /// a check-then-insert.</summary>
    public static async Task MigrateLabDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync();
        if (db.Database.IsNpgsql())
        {
            await CreatePostgresDatabaseAsync(db);
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({StartupLock})");
            try
            {
                await db.Database.MigrateAsync();
                await NasBench.Web.Account.LabSetup.EnsureAsync(app.Services);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({StartupLock})");
            }

            return;
        }

        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.MigrateAsync();
        await NasBench.Web.Account.LabSetup.EnsureAsync(app.Services);
    }

    /// <summary>The advisory-lock key of the lab's start-up (any constant that no other code of this database uses).</summary>
    private const long StartupLock = 0x4E41_5342_0001;

    /// <summary>Creates the (empty) database of ConnectionStrings:Lab when missing, as MigrateAsync would; a process
    /// that loses the race to create it finds it created.</summary>
    private static async Task CreatePostgresDatabaseAsync(LabDbContext db)
    {
        var creator = (Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator)db.Database.GetService<Microsoft.EntityFrameworkCore.Storage.IDatabaseCreator>();
        if (await creator.ExistsAsync())
        {
            return;
        }

        try
        {
            await creator.CreateAsync();
        }
        catch (Npgsql.PostgresException e) when (e.SqlState is Npgsql.PostgresErrorCodes.DuplicateDatabase or Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            // Created by another process starting at the same time.
        }
    }
}
