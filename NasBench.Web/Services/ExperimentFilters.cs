using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>The experiments list's filters.</summary>
public static class ExperimentFilters
{
    /// <summary>Kind, status and owner, each when given: shared by GET /api/experiments and the experiments page.</summary>
    public static IQueryable<Experiment> Apply(IQueryable<Experiment> query, string? kind, string? status, string? owner)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(e => e.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(status))
        {
            query = query.Where(e => e.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(owner))
        {
            query = query.Where(e => e.Owner == owner);
        }

        return query;
    }
}
