using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Figures;

namespace NasBench.Web.Extensions;

/// <summary>The experiment runners this process offers (Core's searches and studies; Training's trainings when that
/// assembly registers them) and the figure renderer the CLI uses, so web files equal CLI files. The job gets the runners
/// as <c>IEnumerable&lt;IExperimentRunner&gt;</c> and picks the one whose Kind matches the request.</summary>
public static class LabRunners
{
    public static void Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IFigureRenderer, ScottPlotRenderer>();
        // Core's runners, live points on (pages draw the curves while a search runs; the CLI turns them off). Training's
        // runners (training, transfer) are appended to this list when that assembly registers them.
        services.AddSingleton<IEnumerable<IExperimentRunner>>(sp => CoreRunners.All(sp.GetRequiredService<BenchmarkProvider>(), livePoints: true));
    }
}
