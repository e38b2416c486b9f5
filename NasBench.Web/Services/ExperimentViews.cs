using System.Text.Json;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>An experiment row as the API answers it (the contract's records in <see cref="NasBench.Core.Lab"/>).</summary>
public static class ExperimentViews
{
    /// <summary>The row in a list.</summary>
    public static ExperimentSummary ToSummary(this Experiment e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.Kind, e.Name, e.Owner, e.Status, e.Progress, e.ProgressMessage, e.CreatedAt, e.StartedAt, e.FinishedAt, e.Attempts, e.Worker,
            e.Synthetic, Url(e.Id));
    }

    /// <summary>The row with its request as stored (a JSON object, not re-serialized) and how it ended.</summary>
    public static ExperimentDetail ToDetail(this Experiment e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var request = JsonDocument.Parse(e.RequestJson);
        return new(e.Id, e.Kind, e.Name, e.Owner, e.Status, e.Progress, e.ProgressMessage, e.CreatedAt, e.StartedAt, e.FinishedAt, e.Error,
            e.Attempts, e.Worker, e.Queue, e.CancelRequested, e.Partial, string.IsNullOrEmpty(e.Notes) ? [] : e.Notes.Split('\n'),
            request.RootElement.Clone(), e.CommandLine, new ExperimentBenchmark(e.BenchmarkSource, e.BenchmarkSha256, e.Synthetic), Url(e.Id), e.Device);
    }

    /// <summary>The experiment's page.</summary>
    public static string Url(long id) => $"/experiments/{id}";
}
