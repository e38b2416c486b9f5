using Microsoft.EntityFrameworkCore;
using NasBench.Core.Experiments;
using NasBench.Web.Apis;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>What the correlation page reads of an experiment: its correlation view (<see cref="CorrelationViews.OfExperimentAsync"/>);
/// the pick list comes from <see cref="ExperimentQueries.NewestAsync"/>.</summary>
public sealed class CorrelationQueries(IDbContextFactory<LabDbContext> contexts, BenchmarkProvider benchmarks)
{
    /// <summary>The experiment's correlation table and scatters, or null when it is neither kind.</summary>
    public async Task<CorrelationView?> ViewAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CorrelationViews.OfExperimentAsync(db, benchmarks, id, cancellationToken);
    }
}
