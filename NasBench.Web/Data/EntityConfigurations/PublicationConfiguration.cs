using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Publications: one per experiment; indexed for the results page's filters, newest first (Id follows
/// publication order, so every filter is an index range read backwards).</summary>
public sealed class PublicationConfiguration : IEntityTypeConfiguration<Publication>
{
    public void Configure(EntityTypeBuilder<Publication> builder)
    {
        builder.ToTable("Publications");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Note).HasMaxLength(2000);
        builder.Property(p => p.Tags).HasMaxLength(500);
        builder.Property(p => p.Kind).HasMaxLength(32);
        builder.Property(p => p.Dataset).HasMaxLength(64);
        builder.Property(p => p.Algorithm).HasMaxLength(64);
        builder.Property(p => p.Owner).HasMaxLength(256);
        builder.Property(p => p.Publisher).HasMaxLength(256);
        builder.HasIndex(p => p.ExperimentId).IsUnique();
        builder.HasIndex(p => new { p.Kind, p.Id });
        builder.HasIndex(p => new { p.Dataset, p.Id });
        builder.HasIndex(p => new { p.Algorithm, p.Id });
        builder.HasIndex(p => new { p.Owner, p.Id });
        builder.HasOne<Experiment>().WithMany().HasForeignKey(p => p.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
