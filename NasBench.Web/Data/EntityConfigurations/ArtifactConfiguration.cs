using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Artifact metadata: natural key (experiment, file name); the bytes are files on disk.</summary>
public sealed class ArtifactConfiguration : IEntityTypeConfiguration<ArtifactRow>
{
    public void Configure(EntityTypeBuilder<ArtifactRow> builder)
    {
        builder.ToTable("Artifacts");
        builder.HasKey(a => new { a.ExperimentId, a.Name });
        builder.Property(a => a.Name).HasMaxLength(255);
        builder.HasOne<Experiment>().WithMany().HasForeignKey(a => a.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
