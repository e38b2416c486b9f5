using Microsoft.AspNetCore.Http.HttpResults;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Web.Account;

namespace NasBench.Web.Apis;

/// <summary>
/// /api/sessions: ask/tell — a lab's own algorithm (any language) queries the benchmark through the lab, charged and
/// recorded as a search run is: the sessions of one algorithm name (and benchmark, protocol, budget, epochs) are the runs
/// of one <c>session</c> experiment, one run per seed (<see cref="SessionExperiments"/>). Route table:
/// <code>
/// POST /api/sessions                {algorithm, protocol, queries?, simulatedSeconds?, seed, epochs?} → 201 session (200: that seed's open session)
/// POST /api/sessions/{id}/query     {adjacency, operations, epochs?, halfway?} → the reference query()'s metrics + budget
/// POST /api/sessions/{id}/finish    → the trajectory (incumbent changes and the final step), as a search run's
/// </code>
/// </summary>
public static class SessionsApi
{
    /// <summary>Open sessions one user may hold at once (each keeps a search session in the server's memory).</summary>
    public const int MaxOpenPerUser = SessionExperiments.MaxOpenPerUser;

    private static string Caller(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? user.Identity?.Name ?? "";

    /// <summary>The body of POST /api/sessions.</summary>
    /// <remarks>The benchmark is the lab's store, or with <c>synthetic</c> the SYNTHETIC one of <c>syntheticSeed</c>.</remarks>
    public sealed record SessionRequestBody(string? Algorithm, string? Protocol, long? Queries, double? SimulatedSeconds, int Seed = 0, int Epochs = 108,
        bool Synthetic = false, int SyntheticSeed = 0);

    /// <summary>The body of a query: the reference ModelSpec (matrix rows and operation names) and query arguments.</summary>
    public sealed record QueryRequest(int[][]? Adjacency, string[]? Operations, int Epochs = 108, bool Halfway = false);

    public sealed record SessionCreated(string Id, string Algorithm, string Protocol, string ProtocolTitle, string Budget, int Seed, string Benchmark,
        long ExperimentId, string ExperimentUrl);

    public sealed record BudgetState(long Queries, double TrainingTimeSpent, long EpochsSpent, bool Exhausted);

    public sealed record QueryAnswer(int[][] ModuleAdjacency, string[] ModuleOperations, int TrainableParameters, double TrainingTime,
        double TrainAccuracy, double ValidationAccuracy, double TestAccuracy, BudgetState Budget);

    /// <summary>What /finish answers; a session that queried nothing has no trajectory and no final point (null).</summary>
    public sealed record SessionFinished(string Id, string Algorithm, string Protocol, IReadOnlyList<SearchProgress> Trajectory, SearchProgress? Final, long ExperimentId);

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sessions").RequireAuthorization(LabRoles.LaunchPolicy);
        api.MapPost("/", CreateAsync);
        api.MapPost("/{id}/query", QueryAsync);
        api.MapPost("/{id}/finish", FinishAsync);
        return app;
    }

    private static async Task<Results<Created<SessionCreated>, Ok<SessionCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(SessionRequestBody body,
        SessionExperiments sessions, System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Protocol is not (null or "nb101" or "mean3"))
        {
            errors["protocol"] = ["\"protocol\" is nb101 (the NAS-Bench-101 paper's) or mean3 (the query-based one)."];
        }

        if (body.Seed is < 0 or > SessionRequest.MaxSeed)
        {
            errors["seed"] = [$"\"seed\" (the run number of the session in its experiment) is between 0 and {SessionRequest.MaxSeed}."];
        }

        var request = new SessionRequest
        {
            Algorithm = body.Algorithm, Protocol = body.Protocol ?? "nb101", Queries = body.Queries, SimulatedSeconds = body.SimulatedSeconds, Epochs = body.Epochs,
            Synthetic = body.Synthetic, SyntheticSeed = body.SyntheticSeed, Runs = 1,
        };
        if (errors.Count == 0)
        {
            foreach (var error in request.Validate())
            {
                errors[error.Field.Length > 0 ? error.Field : "request"] = [error.Message];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (opened, refused) = await sessions.OpenAsync(Caller(user), user.Identity?.Name ?? Caller(user), request, body.Seed, cancellationToken);
        if (opened is not { Session: var session })
        {
            return TypedResults.Problem(refused!.Message, statusCode: refused.Status);
        }

        var created = new SessionCreated(session.Id, request.Algorithm!, request.Protocol, SearchProtocols.Title(session.Configuration.Protocol),
            session.Configuration.Budget.ToString(), body.Seed, session.Tables.Data.IsSynthetic ? $"SYNTHETIC (seed {body.SyntheticSeed})" : "the lab's store",
            opened.ExperimentId, $"/experiments/{opened.ExperimentId}");
        return opened.Joined ? TypedResults.Ok(created) : TypedResults.Created($"/api/sessions/{session.Id}", created);
    }

    private static async Task<Results<Ok<QueryAnswer>, ValidationProblem, ProblemHttpResult>> QueryAsync(string id, QueryRequest body,
        SessionExperiments sessions, System.Security.Claims.ClaimsPrincipal user)
    {
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
            var (outcome, refused) = await sessions.QueryAsync(id, Caller(user), matrix, body.Operations, body.Epochs, body.Halfway);
            if (outcome is not { } o)
            {
                return TypedResults.Problem(refused!.Message, statusCode: refused.Status);
            }

            var tables = o.Session.Tables;
            var cell = tables.Space.Cell(o.Answer.Cell);
            var m = cell.ToMatrix();
            int[][] rowsOut = [.. Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]).ToArray())];
            return TypedResults.Ok(new QueryAnswer(rowsOut, cell.ToOperations(), tables.Data.TrainableParameters(o.Answer.Cell), o.Answer.TrainingTime,
                o.Answer.TrainAccuracy, o.Answer.ValidationAccuracy, o.Answer.TestAccuracy,
                new BudgetState(o.Progress.Step, o.Counters.TrainingTimeSpent, o.Counters.EpochsSpent, o.Exhausted)));
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
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static async Task<Results<Ok<SessionFinished>, NotFound>> FinishAsync(string id, SessionExperiments sessions, System.Security.Claims.ClaimsPrincipal user)
    {
        if (await sessions.FinishAsync(id, Caller(user)) is not { } session)
        {
            return TypedResults.NotFound();
        }

        var result = session.Finish();
        bool queried = result.Final.Step > 0;
        return TypedResults.Ok(new SessionFinished(id, result.Algorithm, SearchProtocols.Name(result.Configuration.Protocol), queried ? result.Trajectory : [],
            queried ? result.Final : null, long.Parse(id.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture)));
    }
}
