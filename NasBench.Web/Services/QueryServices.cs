using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NasBench.Web.Services;

/// <summary>
/// The services the Razor components ask instead of the database (one per page area): registered here, in one place.
/// Scoped (one per circuit or request), each opening a short-lived <c>LabDbContext</c> per call.
/// </summary>
public static class QueryServices
{
    public static IServiceCollection AddLabQueries(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ExperimentQueries>();
        services.AddScoped<SearchQueries>();
        services.AddScoped<CompareQueries>();
        services.AddScoped<TrainingQueries>();
        services.AddScoped<ResultsQueries>();
        services.AddScoped<CorrelationQueries>();
        services.AddScoped<AdminQueries>();
        services.AddScoped<AccountQueries>();
        return services;
    }
}
