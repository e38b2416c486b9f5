using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Web.Account;
using NasBench.Web.Data;
using NasBench.Web.Extensions;
using NasBench.Web.Jobs;

namespace NasBench.Web.Apis;

/// <summary>/api/experiments: launch (the body is a request in ExperimentJson), list, read, cancel, files.</summary>
public static class ExperimentsApi
{
    /// <summary>The largest request body read (requests are small; correlate CSVs are uploaded as files).</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/experiments").RequireAuthorization();
        api.MapPost("/", Launch).RequireAuthorization(LabRoles.LaunchPolicy);
        api.MapGet("/", List);
        api.MapGet("/{id:long}", Get);
        api.MapPost("/{id:long}/cancel", Cancel);
        api.MapGet("/{id:long}/files", Files);
        api.MapGet("/{id:long}/files/{name}", File);
        return app;
    }

    /// <summary>Reads and validates a request body; the problem to answer when it is not a valid request. With
    /// <paramref name="launcher"/>, its paths must also lie in the allowed folders (<see cref="ExperimentLauncher.Validate"/>).</summary>
    public static async Task<(ExperimentRequest? Request, IResult? Problem)> ParseAsync(HttpRequest http, ExperimentLauncher? launcher = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.ContentLength > MaxBodyBytes)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The body is larger than {MaxBodyBytes:N0} bytes."));
        }

        var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer);
        if (buffer.Length > MaxBodyBytes)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The body is larger than {MaxBodyBytes:N0} bytes."));
        }

        string json = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        try
        {
            var request = ExperimentJson.Deserialize(json);
            var errors = launcher?.Validate(request) ?? request.Validate();
            if (errors.Count > 0)
            {
                return (null, ProblemExtensions.Invalid(errors));
            }

            _ = request.ToCommandLine();
            return (request, null);
        }
        catch (RequestValidationException e)
        {
            return (null, ProblemExtensions.Invalid(e.Errors));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or NullReferenceException or FormatException or OverflowException)
        {
            // Whatever else a strange body does to the deserializer or the rules is still the body's fault, never a 500.
            return (null, ProblemExtensions.Invalid([new RequestError("body", $"Not a valid request: {e.Message}")]));
        }
    }

    private static async Task<IResult> Launch(HttpRequest http, ClaimsPrincipal user, ExperimentLauncher launcher)
    {
        var (request, problem) = await ParseAsync(http, launcher);
        if (problem is not null)
        {
            return problem;
        }

        long id = await launcher.LaunchAsync(request!, user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.Identity?.Name ?? "?");
        return Results.Accepted($"/api/experiments/{id}", new { id, url = $"/experiments/{id}" });
    }

    private static async Task<IResult> List(IDbContextFactory<LabDbContext> contexts, string? kind, string? status, string? owner, int? skip, int? take)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var query = Filter(db.Experiments.AsNoTracking(), kind, status, owner);
        int total = await query.CountAsync();
        var items = await query.OrderByDescending(e => e.Id).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 50, 1, 500)).ToListAsync();
        return Results.Ok(new Page<ExperimentSummary>(total, [.. items.Select(ExperimentSummary.Of)]));
    }

    /// <summary>The list's filters (kind, status, owner), shared by the API and the experiments page.</summary>
    public static IQueryable<Experiment> Filter(IQueryable<Experiment> query, string? kind, string? status, string? owner)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(e => e.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(status))
        {
            query = query.Where(e => e.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(owner))
        {
            query = query.Where(e => e.Owner == owner);
        }

        return query;
    }

    private static async Task<IResult> Get(long id, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        return e is null ? NotFound(id) : Results.Ok(ExperimentDetail.Of(e));
    }

    private static async Task<IResult> Cancel(long id, ClaimsPrincipal user, IDbContextFactory<LabDbContext> contexts, ExperimentLauncher launcher)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var e = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id);
        if (e is null)
        {
            return NotFound(id);
        }

        if (!LabRoles.CanControl(user, e.OwnerId))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only its owner or an admin can cancel an experiment.");
        }

        return await launcher.CancelAsync(id, user.Identity?.Name)
            ? Results.Accepted($"/api/experiments/{id}", new { id, status = "cancel requested" })
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Experiment {id} has already ended ({e.Status}).");
    }

    private static async Task<IResult> Files(long id, IDbContextFactory<LabDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        if (!await db.Experiments.AnyAsync(x => x.Id == id))
        {
            return NotFound(id);
        }

        return Results.Ok(ListFiles(id));
    }

    /// <summary>The files of an experiment as they are on disk (the folder the CLI's --out would hold), by name.</summary>
    public static IReadOnlyList<ExperimentFile> ListFiles(long id)
    {
        var directory = new DirectoryInfo(LabPaths.ExperimentDirectory(id));
        return directory.Exists
            ? [.. directory.EnumerateFiles().Where(f => LabPaths.ExperimentFile(id, f.Name) is not null).OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new ExperimentFile(f.Name, f.Length, Artifact.ContentTypeOf(f.Name), $"/api/experiments/{id}/files/{Uri.EscapeDataString(f.Name)}"))]
            : [];
    }

    private static IResult File(long id, string name)
    {
        string? path = LabPaths.ExperimentFile(id, name);
        return path is not null && System.IO.File.Exists(path)
            ? Results.File(path, Artifact.ContentTypeOf(name), name)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Experiment {id} has no file '{name}'.");
    }

    private static IResult NotFound(long id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No experiment {id}.");
}
