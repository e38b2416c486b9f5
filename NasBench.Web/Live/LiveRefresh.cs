namespace NasBench.Web.Live;

/// <summary>
/// Coalesces change signals into at most one refresh per <paramref name="minimumInterval"/> (pages push ≤ ~4 updates a
/// second however fast rows arrive). The refresh runs on the component's dispatcher via the callback it is given.
/// </summary>
public sealed class LiveRefresh(Func<Task> refresh, TimeSpan minimumInterval)
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _last = TimeSpan.MinValue;
    private int _pending;

    /// <summary>A new value is there; refreshes now or once the interval has passed (signals in between are merged).</summary>
    public Task SignalAsync()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return Task.CompletedTask;
        }

        return RunAsync();
    }

    private async Task RunAsync()
    {
        var wait = _last == TimeSpan.MinValue ? TimeSpan.Zero : minimumInterval - (_clock.Elapsed - _last);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        Volatile.Write(ref _pending, 0);
        _last = _clock.Elapsed;
        await refresh();
    }
}
