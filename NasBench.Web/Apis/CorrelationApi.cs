using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Web.Account;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>The correlation page's data as JSON: GET /api/correlation/{id} (a transfer study or a correlate experiment;
/// signed in), GET /api/correlation?file=&amp;y=&amp;x=a,b (a CSV on the server, e.g. from POST /api/uploads; Member).</summary>
public static class CorrelationApi
{
    // Undefined coefficients (a constant column) are NaN: written as "NaN", as the figures' data allows.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static IEndpointRouteBuilder MapCorrelationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/correlation").RequireAuthorization();
        api.MapGet("/{id:long}", ExperimentAsync);
        api.MapGet("/", CsvAsync).RequireAuthorization(LabRoles.LaunchPolicy);
        return app;
    }

    private static async Task<Results<JsonHttpResult<CorrelationView>, ProblemHttpResult>> ExperimentAsync(long id, IDbContextFactory<LabDbContext> contexts, BenchmarkProvider provider, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            return await CorrelationViews.OfExperimentAsync(db, provider, id, cancellationToken) is { } view
                ? TypedResults.Json(view, Json)
                : TypedResults.Problem($"Experiment #{id} is not a transfer study or a correlate experiment.", statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception e) when (e is RequestValidationException or IOException or InvalidDataException)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<Results<JsonHttpResult<CorrelationView>, ProblemHttpResult>> CsvAsync(string? file, string? y, string? x, int? rows, int? bootstrap, int? seed, DataFolders folders, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(file) || string.IsNullOrWhiteSpace(y) || string.IsNullOrWhiteSpace(x))
        {
            return TypedResults.Problem("Give file (a CSV on the server), y (the other dataset's column) and x (comma-separated CIFAR-10 columns).", statusCode: StatusCodes.Status400BadRequest);
        }

        if (folders.CheckFile("file", file) is { } refused)
        {
            return TypedResults.Problem(refused, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var view = await CorrelationViews.OfCsvAsync(file, y, x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), rows, bootstrap ?? 1000, seed ?? 0, cancellationToken);
            return TypedResults.Json(view, Json);
        }
        catch (RequestValidationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
