using Microsoft.EntityFrameworkCore;

namespace NasBench.Web.Data;

/// <summary>A read-only link to one experiment (only the token's SHA-256 is stored; the token is shown once).</summary>
public sealed class ShareLink
{
    public long Id { get; set; }
    public long ExperimentId { get; set; }
    public required string Hash { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// An experiment on the lab's results page. The facts the list filters on and shows (kind, dataset, algorithm, owner, key
/// numbers, a small chart) are copied here when it is published, so a page of results is one indexed query on this table.
/// </summary>
public sealed class Publication
{
    public long Id { get; set; }
    public long ExperimentId { get; set; }
    public required string Title { get; set; }
    public string Note { get; set; } = "";

    /// <summary>Tags as ",a,b," (lower case), so one LIKE '%,tag,%' finds a tag.</summary>
    public string Tags { get; set; } = ",";
    public required string PublisherId { get; set; }
    public required string Publisher { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public required string Kind { get; set; }
    public required string Dataset { get; set; }
    public string Algorithm { get; set; } = "";
    public required string Owner { get; set; }
    public bool Synthetic { get; set; }
    public DateTimeOffset ExperimentCreatedAt { get; set; }

    /// <summary>The key numbers as JSON (PublicationFacts); small.</summary>
    public string FactsJson { get; set; } = "{}";

    /// <summary>The card's chart as JSON (≤ 4 series of ≤ 60 points).</summary>
    public string ChartJson { get; set; } = "[]";
}

/// <summary>Who did what to which experiment (launched, cancelled, published, unpublished, shared, revoked, imported, users).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string User { get; set; }
    public required string Action { get; set; }
    public long? ExperimentId { get; set; }
    public string? Detail { get; set; }
}

/// <summary>The sets of the results feature (their configurations are found by LabDbContext's assembly scan).</summary>
public static class ResultsSets
{
    public static DbSet<ShareLink> ShareLinks(this LabDbContext db) => db.Set<ShareLink>();

    public static DbSet<Publication> Publications(this LabDbContext db) => db.Set<Publication>();

    public static DbSet<AuditEntry> Audit(this LabDbContext db) => db.Set<AuditEntry>();
}
