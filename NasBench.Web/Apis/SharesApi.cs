using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>
/// Read-only share links: POST/DELETE /api/experiments/{id}/share (owner Member or Admin), /share/&lt;token&gt; (the page) and
/// /share/&lt;token&gt;/files/{name}. A guard in front of everything under /share answers 405 to any method but GET/HEAD and
/// 404 to an unknown or revoked token, before routing reaches a page or a form handler; it issues no cookie.
/// </summary>
public static partial class SharesApi
{
    /// <summary>Text shown to people outside the lab (a share link): every absolute server path is cut to its file name, so
    /// the lab's folders (a --store, a --records, a path in an error) are not shown.</summary>
    public static string? Public(string? text) =>
        text is null ? null : ServerPath().Replace(text, m => "…/" + Path.GetFileName(m.Value.TrimEnd('/')));

    [System.Text.RegularExpressions.GeneratedRegex("""(?<![\w.~-])/(?:[^\s'"/]+/)+[^\s'"/]*""")]
    private static partial System.Text.RegularExpressions.Regex ServerPath();

    public static WebApplication MapSharesApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(GuardAsync);
        var api = app.MapGroup("/api/experiments").RequireAuthorization();
        api.MapPost("/{id:long}/share", ShareAsync);
        api.MapDelete("/{id:long}/share", RevokeAsync);
        app.MapGet("/share/{token}/files/{name}", FileAsync).AllowAnonymous();
        return app;
    }

    /// <summary>A new 128-bit token (base64url) and the SHA-256 to store.</summary>
    public static (string Token, string Hash) NewToken()
    {
        string token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, HashOf(token));
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? "")));

    /// <summary>The experiment a live (unrevoked) token points to, or null.</summary>
    public static async Task<Experiment?> ResolveAsync(LabDbContext db, string? token)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }

        string hash = HashOf(token);
        long? id = await db.ShareLinks().AsNoTracking().Where(s => s.Hash == hash && s.RevokedAt == null).Select(s => (long?)s.ExperimentId).FirstOrDefaultAsync();
        return id is null ? null : await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id);
    }

    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/share", out var rest))
        {
            await next(context);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            // A body, so the status-code pages do not re-execute it into the not-found page.
            await context.Response.WriteAsync("A shared page is read-only.");
            return;
        }

        string token = rest.Value?.TrimStart('/').Split('/')[0] ?? "";
        await using var db = await context.RequestServices.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync();
        if (await ResolveAsync(db, Uri.UnescapeDataString(token)) is null)
        {
            // Its own small page: the lab's not-found page has the lab's navigation, which a share link must not lead to.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1 id=\"share-gone\">This link is not valid (any more).</h1></body></html>");
            return;
        }

        await next(context);
    }

    private static async Task<IResult> ShareAsync(long id, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var (experiment, problem) = await AuditLog.ControlledAsync(db, id, user, "share");
        if (problem is not null)
        {
            return problem;
        }

        var (token, hash) = NewToken();
        db.ShareLinks().Add(new ShareLink { ExperimentId = experiment!.Id, Hash = hash, CreatedBy = user.Identity?.Name ?? "?", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        await AuditLog.WriteAsync(contexts, user.Identity?.Name, "shared", id);
        return Results.Ok(new { url = $"/share/{token}" });
    }

    private static async Task<IResult> RevokeAsync(long id, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var (_, problem) = await AuditLog.ControlledAsync(db, id, user, "revoke the links of");
        if (problem is not null)
        {
            return problem;
        }

        int revoked = await db.ShareLinks().Where(s => s.ExperimentId == id && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, DateTimeOffset.UtcNow));
        await AuditLog.WriteAsync(contexts, user.Identity?.Name, "revoked", id, $"{revoked} link(s)");
        return Results.NoContent();
    }

    private static async Task<IResult> FileAsync(string token, string name, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var experiment = await ResolveAsync(db, token);
        string? path = experiment is null ? null : LabPaths.ExperimentFile(experiment.Id, name);
        return path is not null && File.Exists(path)
            ? Results.File(path, Artifact.ContentTypeOf(name), name)
            : Results.NotFound();
    }

    /// <summary>The files of a shared experiment, with their /share/&lt;token&gt;/files/… addresses.</summary>
    public static IReadOnlyList<Apis.ExperimentFile> Files(long id, string token) =>
        [.. ExperimentsApi.ListFiles(id).Select(f => f with { Url = $"/share/{Uri.EscapeDataString(token)}/files/{Uri.EscapeDataString(f.Name)}" })];
}
