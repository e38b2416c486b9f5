using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>The audit list: read newest first (by Id), or per experiment. Rows outlive their experiment (no foreign key):
/// "who deleted what" must stay.</summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.User).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(32);
        builder.Property(a => a.Detail).HasMaxLength(1000);
        builder.HasIndex(a => new { a.ExperimentId, a.Id });
    }
}
