using System.Collections.Concurrent;

namespace NasBench.Web.Jobs;

/// <summary>
/// The cancellation sources of the experiments running in this process. Cancel fires the experiment's token at once
/// (in-process); the job also links Hangfire's token (fires at shutdown, and when the job's state changes under it:
/// deleted or taken by another fetch, checked every CancellationCheckInterval; ExperimentJob tells these apart) and
/// polls the experiment's cancel flag, so a cancel from another process gets through too.
/// </summary>
public sealed class CancellationRegistry
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    /// <summary>A source for one run of experiment <paramref name="experimentId"/>, linked to <paramref name="hangfire"/>; dispose it when the run ends.</summary>
    public Registration Register(long experimentId, CancellationToken hangfire)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(hangfire);
        _running[experimentId] = source;
        return new Registration(this, experimentId, source);
    }

    /// <summary>The experiments running in this process now.</summary>
    public IReadOnlyCollection<long> Running => [.. _running.Keys];

    /// <summary>Fires the token of a running experiment; false when it does not run here.</summary>
    public bool Cancel(long experimentId)
    {
        if (!_running.TryGetValue(experimentId, out var source))
        {
            return false;
        }

        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }

    /// <summary>One registered run.</summary>
    public sealed class Registration(CancellationRegistry owner, long experimentId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Cancel() => source.Cancel();

        public void Dispose()
        {
            owner._running.TryRemove(new KeyValuePair<long, CancellationTokenSource>(experimentId, source));
            source.Dispose();
        }
    }
}
