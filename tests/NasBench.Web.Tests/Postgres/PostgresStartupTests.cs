using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NasBench.TestSupport;
using NasBench.Web.Account;
using NasBench.Web.Data;
using NasBench.Web.Extensions;
using Npgsql;

namespace NasBench.Web.Tests.Postgres;

/// <summary>Start-up on PostgreSQL: processes starting at once on fresh databases, and the settings' errors.</summary>
public sealed class PostgresStartupTests
{
    /// <summary>Two start-ups migrating one fresh database at once apply each migration once. EF Core's own migration
    /// lock is not enough on Npgsql: with two migrations, two bare <c>MigrateAsync</c> calls at once were seen to apply the
    /// second one twice (42701: column "Device" of relation "Experiments" already exists); the lab's start-up runs
    /// under its advisory lock, which is what this checks.</summary>
    [Fact]
    public async Task TwoMigrationsAtOnce_OnAFreshDatabase_BothSucceed_AndApplyEachMigrationOnce()
    {
        var databases = PostgresCluster.Shared.CreateDatabases("migrate");
        var apps = Enumerable.Range(0, 2).Select(_ => Build(databases.Settings)).ToList();
        await Task.WhenAll(apps.Select(a => Task.Run(a.MigrateLabDatabaseAsync)));
        var options = new DbContextOptionsBuilder<PostgresLabDbContext>().UseNpgsql(databases.Lab).Options;
        await using var check = new PostgresLabDbContext(options);
        var applied = (await check.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.True(check.Database.GetMigrations().Count() >= 2, "the test means something only with more than one migration");
        Assert.Equal(check.Database.GetMigrations(), applied);
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoLabStartupsAtOnce_CreateOneAdminAndTheRoles_AndTheJobsSchemaOnce()
    {
        var databases = PostgresCluster.Shared.CreateDatabases("startup");
        var apps = Enumerable.Range(0, 3).Select(_ => Build(databases.Settings)).ToList();
        await Task.WhenAll(apps.Select(a => Task.Run(a.MigrateLabDatabaseAsync)).Append(Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => PostgresJobStorage.Install(databases.Jobs))))));
        using (var scope = apps[0].Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LabUser>>();
            var admin = await users.FindByEmailAsync("first-admin@lab.test");
            Assert.NotNull(admin);
            Assert.True(await users.IsInRoleAsync(admin, LabRoles.Admin));
            var db = scope.ServiceProvider.GetRequiredService<LabDbContext>();
            Assert.Equal(1, await db.Users.CountAsync());
            Assert.Equal(LabRoles.All.Length, await db.Roles.CountAsync());
        }

        await using var connection = new NpgsqlConnection(databases.Jobs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT max("version") FROM "hangfire"."schema" """, connection);
        Assert.True(Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 23, "Hangfire.PostgreSql 1.21.1 installs schema version 23");
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("mysql", "NasBench:Database must be sqlite or postgres (got 'mysql')")]
    [InlineData("postgres", "ConnectionStrings:Lab is not set")]
    public void AWrongDatabaseSetting_StopsTheStartup_NamingTheSetting(string database, string message)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build(new Dictionary<string, string> { ["NasBench:Database"] = database }));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresWithoutAJobsConnectionString_StopsTheStartup()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["NasBench:Database"] = "postgres", ["ConnectionStrings:Lab"] = "Host=127.0.0.1" });
        var e = Assert.Throws<InvalidOperationException>(() => builder.AddLabJobs());
        Assert.Contains("ConnectionStrings:Jobs is not set", e.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(IReadOnlyDictionary<string, string> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))
            .Append(KeyValuePair.Create("NasBench:Lab:AdminEmail", (string?)"first-admin@lab.test"))
            .Append(KeyValuePair.Create("NasBench:Lab:AdminPassword", (string?)LabServer.Password)));
        builder.AddLabData();
        builder.AddLabIdentity();
        return builder.Build();
    }
}
