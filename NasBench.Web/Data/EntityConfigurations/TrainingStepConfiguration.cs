using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Downsampled training steps: natural key (experiment, training, epoch, step).</summary>
public sealed class TrainingStepConfiguration : IEntityTypeConfiguration<TrainingStepRow>
{
    public void Configure(EntityTypeBuilder<TrainingStepRow> builder)
    {
        builder.ToTable("TrainingSteps");
        builder.HasKey(s => new { s.ExperimentId, s.Training, s.Epoch, s.Step });
        builder.HasOne<Experiment>().WithMany().HasForeignKey(s => s.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
