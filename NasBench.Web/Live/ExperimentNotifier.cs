namespace NasBench.Web.Live;

/// <summary>
/// Tells open pages that an experiment has new rows or a new state (in-process: the embedded set-up). Shaped like
/// dotnet/eShop's OrderStatusNotificationService: pages subscribe after their first render with a callback that
/// re-enters the renderer through InvokeAsync, and dispose the subscription in Dispose.
/// </summary>
public sealed class ExperimentNotifier(ILogger<ExperimentNotifier> logger)
{
    /// <summary>Subscribe to this id to hear about every experiment (home page, lists).</summary>
    public const long AnyExperiment = 0;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, HashSet<Subscription>> _subscriptions = [];

    /// <summary>Calls <paramref name="callback"/> whenever experiment <paramref name="experimentId"/> changes (0: any).</summary>
    public IDisposable Subscribe(long experimentId, Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var subscription = new Subscription(this, experimentId, callback);
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(experimentId, out var set))
            {
                _subscriptions[experimentId] = set = [];
            }

            set.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Signals a change; never throws and never blocks the caller (the runner's thread).</summary>
    public void Notify(long experimentId)
    {
        Subscription[] targets;
        lock (_gate)
        {
            targets = [.. Of(experimentId), .. experimentId == AnyExperiment ? [] : Of(AnyExperiment)];
        }

        foreach (var target in targets)
        {
            _ = InvokeAsync(target);
        }
    }

    /// <summary>The experiment ids pages watch now (0: some page watches every experiment); the cross-process poller
    /// reads only these.</summary>
    public IReadOnlyCollection<long> Watched
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions.Keys];
            }
        }
    }

    /// <summary>How many subscriptions are open (tests, the home page).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Values.Sum(s => s.Count);
            }
        }
    }

    private IEnumerable<Subscription> Of(long id) => _subscriptions.TryGetValue(id, out var set) ? set : [];

    private async Task InvokeAsync(Subscription target)
    {
        try
        {
            await target.Callback().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A page that went away or failed to render must not break the job or the other pages.
            logger.LogDebug(e, "A live subscriber of experiment {Id} failed", target.ExperimentId);
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(subscription.ExperimentId, out var set) && set.Remove(subscription) && set.Count == 0)
            {
                _subscriptions.Remove(subscription.ExperimentId);
            }
        }
    }

    private sealed class Subscription(ExperimentNotifier owner, long experimentId, Func<Task> callback) : IDisposable
    {
        public long ExperimentId { get; } = experimentId;

        public Func<Task> Callback { get; } = callback;

        public void Dispose() => owner.Unsubscribe(this);
    }
}
