using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Search runs: natural key (experiment, configuration, run).</summary>
public sealed class SearchRunConfiguration : IEntityTypeConfiguration<SearchRun>
{
    public void Configure(EntityTypeBuilder<SearchRun> builder)
    {
        builder.HasKey(r => new { r.ExperimentId, r.Configuration, r.Run });
        builder.HasOne<Experiment>().WithMany().HasForeignKey(r => r.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
