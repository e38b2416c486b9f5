using NasBench.Core.Progress;
using Microsoft.EntityFrameworkCore;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// The lab's <c>benchmark</c> experiments (import, download, SYNTHETIC demo) on the cpu queue: Core's
/// <see cref="BenchmarkSetupRunner"/> (what <c>nasbench data setup</c> runs) writing the lab's default store, then the
/// lab records that store as its benchmark (workers started from then on check theirs against it) and this process
/// opens the new file for the next experiments. Progress, cancel, the audit row and crash recovery are
/// <see cref="ExperimentJob"/>'s, as for every kind.
/// </summary>
public sealed class BenchmarkImportJob(BenchmarkProvider benchmarks, IDbContextFactory<LabDbContext> contexts) : IExperimentRunner
{
    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Benchmark;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        var runner = new BenchmarkSetupRunner(() => benchmarks.Space(), NasBenchPaths.ResolveStore(null), LabPaths.DataDirectory);
        var outcome = await runner.RunAsync(request, sink, progress, cancellationToken);
        benchmarks.Forget(BenchmarkSource.Default);
        await LabBenchmark.RecordAsync(contexts, BenchmarkInfo.Read().Sha256, replace: true, CancellationToken.None);
        return outcome;
    }
}
