using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>
/// Read-only share links (/share/&lt;token&gt;): tokens, what a token points to, the text shown to people outside the lab,
/// and the guard in front of everything under /share, which answers 405 to any method but GET/HEAD and 404 to an unknown
/// or revoked token before routing reaches a page or a form handler; it issues no cookie.
/// </summary>
public static partial class ShareLinks
{
    /// <summary>Text shown to people outside the lab (a share link): every absolute server path is cut to its file name, so
    /// the lab's folders (a --store, a --records, a path in an error) are not shown.</summary>
    public static string? Public(string? text) =>
        text is null ? null : ServerPath().Replace(text, m => "…/" + Path.GetFileName(m.Value.TrimEnd('/')));

    [System.Text.RegularExpressions.GeneratedRegex("""(?<![\w.~-])/(?:[^\s'"/]+/)+[^\s'"/]*""")]
    private static partial System.Text.RegularExpressions.Regex ServerPath();

    /// <summary>A new 128-bit token (base64url) and the SHA-256 to store.</summary>
    public static (string Token, string Hash) NewToken() => SecretTokens.New(16);

    /// <summary>The experiment a live (unrevoked) token points to, or null.</summary>
    public static async Task<Experiment?> ResolveAsync(LabDbContext db, string? token)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return null;
        }

        string hash = SecretTokens.HashOf(token);
        long? id = await db.ShareLinks().AsNoTracking().Where(s => s.Hash == hash && s.RevokedAt == null).Select(s => (long?)s.ExperimentId).FirstOrDefaultAsync();
        return id is null ? null : await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id);
    }

    /// <summary>The files of a shared experiment, with their /share/&lt;token&gt;/files/… addresses.</summary>
    public static IReadOnlyList<ExperimentFile> Files(long id, string token) =>
        [.. ExperimentFiles.List(id).Select(f => f with { Url = $"/share/{Uri.EscapeDataString(token)}/files/{Uri.EscapeDataString(f.Name)}" })];

    /// <summary>The guard in front of /share, as middleware after authorization (Program registers it where pages are served).</summary>
    public static IApplicationBuilder UseShareGuard(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(GuardAsync);
    }

    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/share", out var rest))
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
}
