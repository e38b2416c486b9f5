using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace NasBench.Web.Data;

/// <summary>The lab's database (lab.db): Identity's tables, experiments and their results. This type is the SQLite
/// model (its migrations are in Data/Migrations/Sqlite); <see cref="PostgresLabDbContext"/> is the PostgreSQL one.
/// Every service asks for <see cref="LabDbContext"/> (or its factory) whichever the provider.</summary>
public class LabDbContext : IdentityDbContext<LabUser>
{
    public LabDbContext(DbContextOptions<LabDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclass: EF Core finds migrations by the exact context type.</summary>
    protected LabDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Experiment> Experiments => Set<Experiment>();
    public DbSet<ExperimentGroup> ExperimentGroups => Set<ExperimentGroup>();
    public DbSet<SearchRun> SearchRuns => Set<SearchRun>();
    public DbSet<TrajectoryPoint> TrajectoryPoints => Set<TrajectoryPoint>();
    public DbSet<TrainingEpochRow> TrainingEpochs => Set<TrainingEpochRow>();
    public DbSet<TrainingStepRow> TrainingSteps => Set<TrainingStepRow>();
    public DbSet<TrainedCellRow> TrainedCells => Set<TrainedCellRow>();
    public DbSet<ArtifactRow> Artifacts => Set<ArtifactRow>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<LabWorker> Workers => Set<LabWorker>();
    public DbSet<LabSetting> Settings => Set<LabSetting>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LabDbContext).Assembly);
    }

    /// <summary>SQLite has no DateTimeOffset ordering; store them as ticks (UTC) so ORDER BY and ranges work.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}
