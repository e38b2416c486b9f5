using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NasBench.Web.Data.EntityConfigurations;

/// <summary>Workers: few rows, read whole (their liveness is Hangfire's server heartbeats).</summary>
public sealed class WorkerConfiguration : IEntityTypeConfiguration<LabWorker>
{
    public void Configure(EntityTypeBuilder<LabWorker> builder)
    {
        builder.ToTable("Workers");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).HasMaxLength(128);
        builder.Property(w => w.Host).HasMaxLength(128);
        builder.Property(w => w.StoreSha256).HasMaxLength(64);
    }
}

/// <summary>Lab settings: a key and a value.</summary>
public sealed class LabSettingConfiguration : IEntityTypeConfiguration<LabSetting>
{
    public void Configure(EntityTypeBuilder<LabSetting> builder)
    {
        builder.ToTable("Settings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(64);
    }
}
