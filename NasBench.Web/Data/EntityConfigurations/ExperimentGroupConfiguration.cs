using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Experiment groups: one per preset launch; its experiments point at it (<see cref="Experiment.GroupId"/>).</summary>
public sealed class ExperimentGroupConfiguration : IEntityTypeConfiguration<ExperimentGroup>
{
    public void Configure(EntityTypeBuilder<ExperimentGroup> builder)
    {
        builder.ToTable("ExperimentGroups");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Preset).HasMaxLength(32);
        builder.Property(g => g.Title).HasMaxLength(200);
        builder.Property(g => g.Owner).HasMaxLength(256);
    }
}
