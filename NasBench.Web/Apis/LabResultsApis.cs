namespace NasBench.Web.Apis;

/// <summary>The results feature's routes (share links, publish and results, users and audit, export and import), mapped
/// by one call from ApiExtensions.</summary>
public static class LabResultsApis
{
    public static WebApplication MapLabResultsApis(this WebApplication app)
    {
        app.MapSharesApi();
        app.MapResultsApi();
        app.MapUsersApi();
        app.MapExportApi();
        app.MapCorrelationApi();
        return app;
    }
}
