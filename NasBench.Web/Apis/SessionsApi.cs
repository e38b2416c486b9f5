using Microsoft.AspNetCore.Http.HttpResults;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Experiments;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Web.Account;

namespace NasBench.Web.Apis;

/// <summary>
/// /api/sessions: ask/tell — a lab's own algorithm (any language) queries the benchmark through the lab, charged and
/// recorded as a search run is. Route table:
/// <code>
/// POST /api/sessions                {algorithm, protocol, queries?, simulatedSeconds?, seed, epochs?} → 201 session
/// POST /api/sessions/{id}/query     {adjacency, operations, epochs?, halfway?} → the reference query()'s metrics + budget
/// POST /api/sessions/{id}/finish    → the trajectory (incumbent changes and the final step), as a search run's
/// </code>
/// </summary>
public static class SessionsApi
{
    private static readonly QuerySessions Sessions = new();

    /// <summary>Who opened each session: only that user queries or finishes it (others get 404, as for an unknown id).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Owners = new(StringComparer.Ordinal);

    /// <summary>Open sessions one user may hold at once (each keeps a search session in the server's memory).</summary>
    public const int MaxOpenPerUser = 50;

    private static string Caller(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? user.Identity?.Name ?? "";

    private static QuerySession? Owned(string id, System.Security.Claims.ClaimsPrincipal user) =>
        Owners.TryGetValue(id, out var owner) && owner == Caller(user) ? Sessions.Find(id) : null;

    /// <summary>The body of POST /api/sessions.</summary>
    /// <remarks>The benchmark is the lab's store, or with <c>synthetic</c> the SYNTHETIC one of <c>syntheticSeed</c>.</remarks>
    public sealed record SessionRequest(string? Algorithm, string? Protocol, long? Queries, double? SimulatedSeconds, int Seed = 0, int Epochs = 108,
        bool Synthetic = false, int SyntheticSeed = 0);

    /// <summary>The body of a query: the reference ModelSpec (matrix rows and operation names) and query arguments.</summary>
    public sealed record QueryRequest(int[][]? Adjacency, string[]? Operations, int Epochs = 108, bool Halfway = false);

    public sealed record SessionCreated(string Id, string Algorithm, string Protocol, string ProtocolTitle, string Budget, int Seed, string Benchmark);

    public sealed record BudgetState(long Queries, double TrainingTimeSpent, long EpochsSpent, bool Exhausted);

    public sealed record QueryAnswer(int[][] ModuleAdjacency, string[] ModuleOperations, int TrainableParameters, double TrainingTime,
        double TrainAccuracy, double ValidationAccuracy, double TestAccuracy, BudgetState Budget);

    public sealed record SessionFinished(string Id, string Algorithm, string Protocol, IReadOnlyList<SearchProgress> Trajectory, SearchProgress Final);

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sessions").RequireAuthorization(LabRoles.LaunchPolicy);
        api.MapPost("/", CreateAsync);
        api.MapPost("/{id}/query", Query);
        api.MapPost("/{id}/finish", Finish);
        return app;
    }

    private static async Task<Results<Created<SessionCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(SessionRequest body, BenchmarkProvider provider,
        System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        string caller = Caller(user);
        if (Owners.Values.Count(o => o == caller) >= MaxOpenPerUser)
        {
            return TypedResults.Problem($"You have {MaxOpenPerUser} open sessions: finish one (POST /api/sessions/{{id}}/finish) before opening another.",
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Algorithm) || body.Algorithm.Length > 64)
        {
            errors["algorithm"] = ["\"algorithm\" names your algorithm (1 to 64 characters)."];
        }

        if (body.Protocol is not (null or "nb101" or "mean3"))
        {
            errors["protocol"] = ["\"protocol\" is nb101 (the NAS-Bench-101 paper's) or mean3 (the query-based one)."];
        }

        if (body.Queries is null && body.SimulatedSeconds is null || body.Queries is <= 0 or > SearchSettings.MaxQueries
            || body.SimulatedSeconds is not null and not (> 0 and <= SearchSettings.MaxSimulatedSeconds))
        {
            errors["budget"] = ["Give \"queries\" and/or \"simulatedSeconds\", positive."];
        }

        if (body.Epochs is not (4 or 12 or 36 or 108))
        {
            errors["epochs"] = ["\"epochs\" (the budget regret is measured at) is 4, 12, 36 or 108."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var source = body.Synthetic ? new BenchmarkSource(SyntheticSeed: body.SyntheticSeed) : BenchmarkSource.Default;
        var benchmark = await provider.OpenAsync(source, cancellationToken: cancellationToken);
        var protocol = SearchProtocols.Parse(body.Protocol ?? "nb101");
        var session = Sessions.Create(benchmark.TablesAt(body.Epochs), body.Algorithm!, protocol, new SearchBudget(body.Queries, body.SimulatedSeconds), body.Seed);
        Owners[session.Id] = caller;
        var created = new SessionCreated(session.Id, body.Algorithm!, SearchProtocols.Name(protocol), SearchProtocols.Title(protocol),
            session.Configuration.Budget.ToString(), body.Seed, benchmark.Describe());
        return TypedResults.Created($"/api/sessions/{session.Id}", created);
    }

    private static Results<Ok<QueryAnswer>, NotFound, Conflict<string>, ValidationProblem> Query(string id, QueryRequest body, System.Security.Claims.ClaimsPrincipal user)
    {
        if (Owned(id, user) is not { } session)
        {
            return TypedResults.NotFound();
        }

        // At most the space's 7 vertices: the matrix is allocated before the spec is checked.
        if (body.Adjacency is not { Length: > 0 and <= SpaceLimits.MaxVertices } rows || rows.Any(r => r is null || r.Length != rows.Length) || body.Operations is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["adjacency"] = ["\"adjacency\" is a square 0/1 matrix (rows) and \"operations\" one name per vertex."] });
        }

        var matrix = new int[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < rows.Length; j++)
            {
                matrix[i, j] = rows[i][j];
            }
        }

        try
        {
            var (answer, progress, counters, exhausted) = session.Query(matrix, body.Operations, body.Epochs, body.Halfway);
            var tables = session.Tables;
            var cell = tables.Space.Cell(answer.Cell);
            var m = cell.ToMatrix();
            int[][] rowsOut = [.. Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray())];
            return TypedResults.Ok(new QueryAnswer(rowsOut, cell.ToOperations(), tables.Data.TrainableParameters(answer.Cell), answer.TrainingTime,
                answer.TrainAccuracy, answer.ValidationAccuracy, answer.TestAccuracy,
                new BudgetState(progress.Step, counters.TrainingTimeSpent, counters.EpochsSpent, exhausted)));
        }
        catch (OutOfDomainException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["spec"] = [e.Message] });
        }
        catch (ArgumentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["epochs"] = [e.Message] });
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Conflict(e.Message);
        }
    }

    private static Results<Ok<SessionFinished>, NotFound> Finish(string id, System.Security.Claims.ClaimsPrincipal user) =>
        Owned(id, user) is not null && Sessions.Finish(id) is { } result && Owners.TryRemove(id, out _)
            ? TypedResults.Ok(new SessionFinished(id, result.Algorithm, SearchProtocols.Name(result.Configuration.Protocol), result.Trajectory, result.Final))
            : TypedResults.NotFound();
}
