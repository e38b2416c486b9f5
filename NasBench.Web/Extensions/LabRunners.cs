using NasBench.Core.Experiments;

namespace NasBench.Web.Extensions;

/// <summary>The experiment runners this process offers (Core's searches and studies, Training's trainings); the job gets
/// them as <c>IEnumerable&lt;IExperimentRunner&gt;</c> and picks the one whose Kind matches the request.</summary>
public static class LabRunners
{
    public static void Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The runners are registered here as singletons (services.AddSingleton<IExperimentRunner, …>()) as they land.
        _ = typeof(IExperimentRunner);
    }
}
