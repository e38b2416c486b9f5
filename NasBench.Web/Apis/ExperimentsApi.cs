using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Web.Account;
using NasBench.Web.Data;
using NasBench.Web.Jobs;

namespace NasBench.Web.Apis;

/// <summary>
/// /api/experiments (signed in; launching needs Member or Admin). The answers are the records of
/// <see cref="NasBench.Core.Lab"/>, which <c>nasbench submit</c> reads:
/// <code>
/// POST /                   a request (ExperimentJson)   → 202 ExperimentLaunched, 400 each broken rule, 413 too large
/// GET  /?kind&amp;status&amp;owner&amp;skip&amp;take                → Page&lt;ExperimentSummary&gt;
/// GET  /{id}                                            → ExperimentDetail, 404
/// POST /{id}/cancel        (its owner or an Admin)      → 202 CancelAnswer, 403, 404, 409 when it has ended
/// GET  /{id}/files                                      → ExperimentFile[], 404
/// GET  /{id}/files/{name}                               → the file, 404
/// </code>
/// </summary>
public static class ExperimentsApi
{
    /// <summary>The largest request body read (requests are small; correlate CSVs are uploaded as files).</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/experiments").RequireAuthorization();
        api.MapPost("/", LaunchAsync).RequireAuthorization(LabRoles.LaunchPolicy);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id:long}", GetAsync);
        api.MapPost("/{id:long}/cancel", CancelAsync);
        api.MapGet("/{id:long}/files", FilesAsync);
        api.MapGet("/{id:long}/files/{name}", File);
        return app;
    }

    /// <summary>Reads a request body; the problem to answer when it is not a request. The body is read by hand, not bound:
    /// its size is capped first, and whatever a strange body does to the deserializer is a 400 naming the field.
    /// Validation is the launcher's (<see cref="ExperimentLauncher.LaunchAsync"/>), once per launch.</summary>
    private static async Task<(ExperimentRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http)
    {
        if (http.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer);
        if (buffer.Length > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        string json = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        try
        {
            return (ExperimentJson.Deserialize(json), null);
        }
        catch (RequestValidationException e)
        {
            return (null, ApiProblems.Invalid(e.Errors));
        }
        catch (Exception e) when (IsBodyFault(e))
        {
            return (null, NotARequest(e));
        }
    }

    private static async Task<Results<Accepted<ExperimentLaunched>, ValidationProblem, ProblemHttpResult>> LaunchAsync(HttpRequest http, ClaimsPrincipal user,
        ExperimentLauncher launcher)
    {
        var (request, problem) = await ReadAsync(http);
        switch (problem)
        {
            case ValidationProblem invalid: return invalid;
            case ProblemHttpResult other: return other;
        }

        try
        {
            long id = await launcher.LaunchAsync(request!, user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.Identity?.Name ?? "?");
            return TypedResults.Accepted($"/api/experiments/{id}", new ExperimentLaunched(id, ExperimentViews.Url(id)));
        }
        catch (RequestValidationException e)
        {
            return ApiProblems.Invalid(e.Errors);
        }
        catch (Exception e) when (e is not InvalidOperationException && IsBodyFault(e))
        {
            // The request's rules passed but rendering its command line did not: still the body's fault, never a 500.
            return NotARequest(e);
        }
    }

    private static async Task<Ok<Page<ExperimentSummary>>> ListAsync(IDbContextFactory<LabDbContext> contexts, string? kind, string? status, string? owner,
        int? skip, int? take)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var query = ExperimentFilters.Apply(db.Experiments.AsNoTracking(), kind, status, owner);
        int total = await query.CountAsync();
        var items = await query.OrderByDescending(e => e.Id).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 50, 1, 500)).ToListAsync();
        return TypedResults.Ok(new Page<ExperimentSummary>(total, [.. items.Select(ExperimentViews.ToSummary)]));
    }

    private static async Task<Results<Ok<ExperimentDetail>, ProblemHttpResult>> GetAsync(long id, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        return e is null ? ApiProblems.NoExperiment(id) : TypedResults.Ok(e.ToDetail());
    }

    private static async Task<Results<Accepted<CancelAnswer>, ProblemHttpResult>> CancelAsync(long id, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts,
        ExperimentLauncher launcher)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (e is null)
        {
            return ApiProblems.NoExperiment(id);
        }

        if (!LabRoles.CanControl(user, e.OwnerId))
        {
            return ApiProblems.Status(StatusCodes.Status403Forbidden, "Only its owner or an admin can cancel an experiment.");
        }

        return await launcher.CancelAsync(id, user.Identity?.Name)
            ? TypedResults.Accepted($"/api/experiments/{id}", new CancelAnswer(id, CancelAnswer.Requested))
            : ApiProblems.Status(StatusCodes.Status409Conflict, $"Experiment {id} has already ended ({e.Status}).");
    }

    private static async Task<Results<Ok<IReadOnlyList<ExperimentFile>>, ProblemHttpResult>> FilesAsync(long id, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Experiments.AnyAsync(x => x.Id == id) ? TypedResults.Ok(ExperimentFiles.List(id)) : ApiProblems.NoExperiment(id);
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> File(long id, string name)
    {
        string? path = LabPaths.ExperimentFile(id, name);
        return path is not null && System.IO.File.Exists(path)
            ? TypedResults.PhysicalFile(path, Artifact.ContentTypeOf(name), name)
            : ApiProblems.Status(StatusCodes.Status404NotFound, $"Experiment {id} has no file '{name}'.");
    }

    private static bool IsBodyFault(Exception e) =>
        e is ArgumentException or InvalidOperationException or NotSupportedException or NullReferenceException or FormatException or OverflowException;

    private static ValidationProblem NotARequest(Exception e) => ApiProblems.Invalid([new RequestError("body", $"Not a valid request: {e.Message}")]);

    private static ProblemHttpResult TooLarge() =>
        ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBodyBytes:N0} bytes.");
}
