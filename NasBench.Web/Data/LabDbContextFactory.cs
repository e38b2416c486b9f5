using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NasBench.Web.Data;

/// <summary>For `dotnet ef`: builds the context without starting the host (no Hangfire, no migrations run).</summary>
public sealed class LabDbContextFactory : IDesignTimeDbContextFactory<LabDbContext>
{
    public LabDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LabDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
