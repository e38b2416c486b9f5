namespace NasBench.Web.Apis;

/// <summary>GET /api/benchmark: source, SHA-256, synthetic, cells, epochs of the store in use.</summary>
public static class BenchmarkApi
{
    public static IEndpointRouteBuilder MapBenchmarkApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/benchmark", () => Results.Ok(BenchmarkInfo.Read())).RequireAuthorization();
        return app;
    }
}
