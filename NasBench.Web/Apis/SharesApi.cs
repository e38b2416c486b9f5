using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>
/// Read-only share links (<see cref="ShareLinks"/>; its guard in front of /share is registered in Program):
/// <code>
/// POST   /api/experiments/{id}/share   (its owner Member, or an Admin) → {"url": "/share/&lt;token&gt;"}
/// DELETE /api/experiments/{id}/share   (the same)                     → 204, every live link revoked
/// GET    /share/{token}/files/{name}   (anyone with the link)         → the file, 404
/// </code>
/// </summary>
public static class SharesApi
{
    /// <summary>The answer to a share: the link's address.</summary>
    public sealed record Shared(string Url);

    public static IEndpointRouteBuilder MapSharesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/experiments").RequireAuthorization();
        api.MapPost("/{id:long}/share", ShareAsync);
        api.MapDelete("/{id:long}/share", RevokeAsync);
        app.MapGet("/share/{token}/files/{name}", FileAsync).AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<Shared>, ProblemHttpResult>> ShareAsync(long id, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var (experiment, problem) = await ExperimentAccess.ControlledAsync(db, id, user, "share");
        if (problem is not null)
        {
            return problem;
        }

        var (token, hash) = ShareLinks.NewToken();
        db.ShareLinks().Add(new ShareLink { ExperimentId = experiment!.Id, Hash = hash, CreatedBy = user.Identity?.Name ?? "?", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        await AuditLog.WriteAsync(contexts, user.Identity?.Name, "shared", id);
        return TypedResults.Ok(new Shared($"/share/{token}"));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var (_, problem) = await ExperimentAccess.ControlledAsync(db, id, user, "revoke the links of");
        if (problem is not null)
        {
            return problem;
        }

        int revoked = await db.ShareLinks().Where(s => s.ExperimentId == id && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, DateTimeOffset.UtcNow));
        await AuditLog.WriteAsync(contexts, user.Identity?.Name, "revoked", id, $"{revoked} link(s)");
        return TypedResults.NoContent();
    }

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> FileAsync(string token, string name, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var experiment = await ShareLinks.ResolveAsync(db, token);
        string? path = experiment is null ? null : LabPaths.ExperimentFile(experiment.Id, name);
        return path is not null && File.Exists(path)
            ? TypedResults.PhysicalFile(path, Artifact.ContentTypeOf(name), name)
            : TypedResults.NotFound();
    }
}
