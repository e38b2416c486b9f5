using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Training epochs: natural key (experiment, training, epoch).</summary>
public sealed class TrainingEpochConfiguration : IEntityTypeConfiguration<TrainingEpochRow>
{
    public void Configure(EntityTypeBuilder<TrainingEpochRow> builder)
    {
        builder.ToTable("TrainingEpochs");
        builder.HasKey(e => new { e.ExperimentId, e.Training, e.Epoch });
        builder.HasOne<Experiment>().WithMany().HasForeignKey(e => e.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
