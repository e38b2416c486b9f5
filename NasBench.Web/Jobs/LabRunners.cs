using NasBench.Core.Experiments;
using NasBench.Figures;
using NasBench.Training;
using NasBench.Training.Trainers;

namespace NasBench.Web.Jobs;

/// <summary>The experiment runners this process offers (Core's searches and studies, Training's trainings and transfer
/// studies) and the figure renderer the CLI uses, so web files equal CLI files. The job gets the runners as
/// <c>IEnumerable&lt;IExperimentRunner&gt;</c> and picks the one whose Kind matches the request.</summary>
public static class LabRunners
{
    private static readonly Lazy<bool> Cuda = new(() => TorchRuntime.IsCpu("auto") is false);

    /// <summary>Whether this process sees a CUDA device (loads libtorch on first use, so only asked when a training is launched).</summary>
    public static bool CudaAvailable => Cuda.Value;

    public static void Add(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The training kinds are known to ExperimentJson from the start (the API reads their bodies in every role).
        TrainingExperiments.Register();
        services.AddSingleton<IFigureRenderer, ScottPlotRenderer>();
        services.AddSingleton(_ => TrainingWorker.Shared);
        // Core's runners, live points on (pages draw the curves while a search runs; the CLI turns them off), then the
        // training runners on the process's one TrainingWorker (TorchSharp's state is per process: one training at a time).
        // The lab's benchmark setup (import, download, demo) last: it writes the lab's store.
        services.AddSingleton<IEnumerable<IExperimentRunner>>(sp =>
        [
            .. TrainingExperiments.Runners(sp.GetRequiredService<BenchmarkProvider>(), sp.GetRequiredService<TrainingWorker>(), livePoints: true),
            new Jobs.BenchmarkImportJob(sp.GetRequiredService<BenchmarkProvider>(), sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.LabDbContext>>()),
        ]);
    }
}
