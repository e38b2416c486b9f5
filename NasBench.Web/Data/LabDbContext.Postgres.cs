using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace NasBench.Web.Data;

/// <summary>
/// The lab's model on PostgreSQL (NasBench:Database = postgres). The same entities as <see cref="LabDbContext"/>; a
/// subclass only because EF Core ties a migrations set to one context type (its migrations are in
/// Data/Migrations/Postgres, the SQLite ones stay attributed to <see cref="LabDbContext"/>), so both sets live in one
/// assembly and every service keeps asking for <see cref="LabDbContext"/>.
/// </summary>
public sealed class PostgresLabDbContext(DbContextOptions<PostgresLabDbContext> options) : LabDbContext(options)
{
    /// <summary>
    /// Native timestamptz instead of SQLite's ticks, written as UTC (Npgsql refuses a non-zero offset for timestamptz;
    /// values read back have offset 0, as on SQLite). Strings compare and sort by byte ("C" collation) as SQLite's
    /// BINARY does, so equality filters and ORDER BY give the same answers on both databases (text search uses ILIKE).
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<string>().UseCollation("C");
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}

/// <summary>For `dotnet ef --context PostgresLabDbContext`: no server is needed to add a migration.</summary>
public sealed class PostgresLabDbContextFactory : IDesignTimeDbContextFactory<PostgresLabDbContext>
{
    public PostgresLabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLabDbContext>().UseNpgsql("Host=localhost;Database=nasbench_design_time").Options);
}
