using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Jobs;

/// <summary>
/// Crash safety at start-up (roles all and worker): experiments left "running" by a process that is gone (kill -9, a
/// power cut) and queued experiments whose job was lost are put back on their queue at once, instead of waiting for
/// Hangfire's invisibility timeout. The re-run skips what is stored; attempts counts the starts.
/// </summary>
public sealed class ExperimentRecovery(IServiceProvider services, ILogger<ExperimentRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var contexts = scope.ServiceProvider.GetRequiredService<IDbContextFactory<LabDbContext>>();
        var launcher = scope.ServiceProvider.GetRequiredService<ExperimentLauncher>();
        var storage = scope.ServiceProvider.GetRequiredService<JobStorage>();
        var alive = storage.GetMonitoringApi().Servers().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Experiments.Where(e => e.Status == ExperimentStates.Running || e.Status == ExperimentStates.Queued)
            .Select(e => new { e.Id, e.Status, e.Worker, e.JobId }).ToListAsync(cancellationToken);
        using var connection = storage.GetConnection();
        foreach (var e in open)
        {
            var state = e.JobId is null ? null : connection.GetStateData(e.JobId);
            bool lost = e.Status == ExperimentStates.Running
                ? !IsAlive(e.Worker, alive)
                : state is not { Name: "Enqueued" or "Processing" or "Scheduled" }
                    // Queued by a graceful shutdown while its job was processing: lost unless that server still runs.
                    || (state.Name == "Processing" && !IsAlive(state.Data.TryGetValue("ServerId", out string? server) ? server : null, alive));
            if (lost)
            {
                logger.LogWarning("Experiment {Id} was {Status} on {Worker}, which is gone: re-queued", e.Id, e.Status, e.Worker ?? "no worker");
                await launcher.RequeueAsync(e.Id, $"re-queued at start-up: the worker {e.Worker ?? "(none)"} stopped");
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A Hangfire server id is name:pid:guid, the name being the host's (ours: host-queue). On this host it is
    /// alive only if its process still runs and is not this one (this process has not started a server yet); elsewhere,
    /// if Hangfire still lists it (a dead remote server leaves the list after Hangfire's server timeout).</summary>
    internal static bool IsAlive(string? worker, IReadOnlySet<string> listed)
    {
        if (worker is null)
        {
            return false;
        }

        var parts = worker.Split(':');
        if (parts.Length >= 3 && parts[0].StartsWith(Environment.MachineName, StringComparison.OrdinalIgnoreCase) && int.TryParse(parts[^2], out int pid))
        {
            return pid != Environment.ProcessId && ProcessRuns(pid) && listed.Contains(worker);
        }

        return listed.Contains(worker);
    }

    private static bool ProcessRuns(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
