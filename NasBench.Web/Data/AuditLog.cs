using Microsoft.EntityFrameworkCore;

namespace NasBench.Web.Data;

/// <summary>The audit list: one row per launch, cancel, publish, unpublish, share, revoke, import and user change (in
/// Data, below Jobs and Services, which both write it).</summary>
public static class AuditLog
{
    public static async Task WriteAsync(IDbContextFactory<LabDbContext> contexts, string? user, string action, long? experimentId, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync();
        db.Audit().Add(new AuditEntry
        {
            At = DateTimeOffset.UtcNow,
            User = Cut(string.IsNullOrWhiteSpace(user) ? "?" : user, 256),
            Action = action,
            ExperimentId = experimentId,
            Detail = detail is null ? null : Cut(detail, 1000),
        });
        await db.SaveChangesAsync();
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
