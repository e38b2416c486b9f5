using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Trajectory points: the natural key (experiment, configuration, run, step) is unique, so a re-run cannot store
/// a point twice; the row id orders rows as written (pages read "after id N").</summary>
public sealed class TrajectoryPointConfiguration : IEntityTypeConfiguration<TrajectoryPoint>
{
    public void Configure(EntityTypeBuilder<TrajectoryPoint> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => new { p.ExperimentId, p.Configuration, p.Run, p.Step }).IsUnique();
        builder.HasIndex(p => new { p.ExperimentId, p.Id });
        builder.Property(p => p.IncumbentHash).HasMaxLength(32);
        builder.HasOne<Experiment>().WithMany().HasForeignKey(p => p.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
