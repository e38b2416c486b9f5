using Microsoft.AspNetCore.Http.HttpResults;
using NasBench.Web.Data;

namespace NasBench.Web.Apis;

/// <summary>
/// <code>
/// GET /api/benchmark  (signed in) → BenchmarkInfo: source, SHA-256, synthetic, cells, epochs of the store in use
/// </code>
/// </summary>
public static class BenchmarkApi
{
    public static IEndpointRouteBuilder MapBenchmarkApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/benchmark", Get).RequireAuthorization();
        return app;
    }

    private static Ok<BenchmarkInfo> Get() => TypedResults.Ok(BenchmarkInfo.Read());
}
