using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Trained cells of a transfer study: natural key (experiment, index in the study's sample).</summary>
public sealed class TrainedCellConfiguration : IEntityTypeConfiguration<TrainedCellRow>
{
    public void Configure(EntityTypeBuilder<TrainedCellRow> builder)
    {
        builder.ToTable("TrainedCells");
        builder.HasKey(c => new { c.ExperimentId, c.Index });
        builder.Property(c => c.Hash).HasMaxLength(32);
        builder.HasOne<Experiment>().WithMany().HasForeignKey(c => c.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
