using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Experiments: indexed for the list's filters (kind, status, owner) newest first, and for their lineage (the
/// re-run's source, the preset's group).</summary>
public sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    public void Configure(EntityTypeBuilder<Experiment> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(32);
        builder.Property(e => e.Status).HasMaxLength(16);
        builder.Property(e => e.Owner).HasMaxLength(256);
        builder.Property(e => e.Queue).HasMaxLength(64);
        builder.Property(e => e.WorkerId).HasMaxLength(128);
        builder.Property(e => e.Device).HasMaxLength(128);
        builder.HasIndex(e => e.Status);
        builder.HasIndex(e => new { e.Kind, e.Id });
        builder.HasIndex(e => new { e.Owner, e.Id });
        builder.HasIndex(e => e.GroupId);
        builder.HasIndex(e => e.RerunOf);
        // The lineage outlives its source: deleting an experiment or a group leaves the others, unlinked.
        builder.HasOne<Experiment>().WithMany().HasForeignKey(e => e.RerunOf).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ExperimentGroup>().WithMany().HasForeignKey(e => e.GroupId).OnDelete(DeleteBehavior.SetNull);
    }
}
