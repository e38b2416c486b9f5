using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>
/// The lab's results (<see cref="Publications"/>):
/// <code>
/// POST   /api/experiments/{id}/publish  {title, note?, tags?}  (its owner Member, or an Admin) → ResultEntry, 400, 403, 404
/// DELETE /api/experiments/{id}/publish  (Admin)                                            → 204, 404 when not published
/// GET    /api/results?kind&amp;dataset&amp;algorithm&amp;owner&amp;tag&amp;q&amp;skip&amp;take                      → Page&lt;ResultEntry&gt;
/// </code>
/// </summary>
public static class ResultsApi
{
    /// <summary>The body of a publish request; tags as an array or one comma-separated string.</summary>
    public sealed record PublishRequest(string? Title, string? Note, JsonElement? Tags);

    public static IEndpointRouteBuilder MapResultsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapPost("/experiments/{id:long}/publish", PublishAsync);
        api.MapDelete("/experiments/{id:long}/publish", UnpublishAsync).RequireAuthorization(LabRoles.AdminPolicy);
        api.MapGet("/results", ListAsync);
        return app;
    }

    private static async Task<Ok<Page<ResultEntry>>> ListAsync(IDbContextFactory<LabDbContext> contexts, string? kind, string? dataset, string? algorithm,
        string? owner, string? tag, string? q, int? skip, int? take) =>
        TypedResults.Ok(await Publications.ListAsync(contexts, new ResultsFilter(kind, dataset, algorithm, owner, tag, q), skip ?? 0, take ?? 20));

    /// <summary>The body is read by hand: malformed JSON is a 400 naming "body", as every lab API answers it.</summary>
    private static async Task<Results<Ok<ResultEntry>, ValidationProblem, ProblemHttpResult>> PublishAsync(long id, HttpRequest http, ClaimsPrincipal user,
        IDbContextFactory<LabDbContext> contexts)
    {
        PublishRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<PublishRequest>(http.Body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return ApiProblems.Field("body", $"Not valid JSON: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(body?.Title) || body.Title.Length > 200)
        {
            return ApiProblems.Field("title", "\"title\" is required (at most 200 characters).");
        }

        if ((body.Note?.Length ?? 0) > 2000)
        {
            return ApiProblems.Field("note", "\"note\" must be at most 2,000 characters.");
        }

        await using var db = await contexts.CreateDbContextAsync();
        var (experiment, problem) = await ExperimentAccess.ControlledAsync(db, id, user, "publish");
        if (problem is not null)
        {
            return problem;
        }

        var publication = await Publications.PublishAsync(db, experiment!, body.Title.Trim(), body.Note?.Trim() ?? "", TagsOf(body.Tags),
            user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.Identity?.Name ?? "?");
        await AuditLog.WriteAsync(contexts, user.Identity?.Name, "published", id, publication.Title);
        return TypedResults.Ok(Publications.Entry(publication));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnpublishAsync(long id, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        int removed = await db.Publications().Where(p => p.ExperimentId == id).ExecuteDeleteAsync();
        if (removed == 0)
        {
            return ApiProblems.Status(StatusCodes.Status404NotFound, $"Experiment {id} is not published.");
        }

        await AuditLog.WriteAsync(contexts, user.Identity?.Name, "unpublished", id);
        return TypedResults.NoContent();
    }

    private static IEnumerable<string> TagsOf(JsonElement? tags) => tags switch
    {
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!),
        { ValueKind: JsonValueKind.String } s => s.GetString()!.Split(',', ' '),
        _ => [],
    };
}
