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
        builder.Services.AddDbContextFactory<LabDbContext>(o => o.UseSqlite(connection));
        return builder;
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
