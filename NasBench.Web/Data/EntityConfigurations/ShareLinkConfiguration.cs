using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Share links: looked up by the token's SHA-256 (unique); gone with their experiment.</summary>
public sealed class ShareLinkConfiguration : IEntityTypeConfiguration<ShareLink>
{
    public void Configure(EntityTypeBuilder<ShareLink> builder)
    {
        builder.ToTable("ShareLinks");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Hash).HasMaxLength(64);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.HasIndex(s => s.Hash).IsUnique();
        builder.HasIndex(s => s.ExperimentId);
        builder.HasOne<Experiment>().WithMany().HasForeignKey(s => s.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}
