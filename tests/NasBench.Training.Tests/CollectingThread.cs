using NasBench.TestSupport;

namespace NasBench.Training.Tests;

/// <summary>
/// Runs work while another thread forces garbage collections and runs finalizers without pause, as another job's thread
/// can in the lab server's worker: a TorchSharp <c>Scalar</c> left to the collector (an implicit conversion from a .NET
/// number, or the alpha 1 that <c>add(Tensor)</c> passes) is then finalized, its native memory freed, while the kernel may
/// still read it, and libtorch fails in <c>Scalar::toFloat</c> (see <see cref="Training.Predictors.AdamStep"/>).
/// </summary>
internal static class CollectingThread
{
    /// <summary>
    /// The results of <paramref name="work"/>, run on this thread once the collector has started and again until
    /// <paramref name="collections"/> collections have run beside it (how many rounds that takes depends on the machine's
    /// load, so the work repeats rather than the count being hoped for). The optimizers' steps failed within 200
    /// collections; a training or a proxy scoring, mostly convolutions, has fewer Scalar calls per collection and needs more.
    /// </summary>
    public static async Task<List<T>> RunBesideAsync<T>(Func<T> work, int collections)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var done = new CancellationTokenSource();
        long collected = 0;
        var collector = Task.Factory.StartNew(() =>
        {
            while (!done.IsCancellationRequested)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref collected);
            }
        }, TaskCreationOptions.LongRunning);
        var results = new List<T>();
        try
        {
            await Eventually.UntilAsync(() => Interlocked.Read(ref collected) > 0, TimeSpan.FromSeconds(60), "the collector thread's first collection", TimeSpan.FromMilliseconds(1));
            do
            {
                results.Add(work());
            }
            while (Interlocked.Read(ref collected) < collections);
        }
        finally
        {
            await done.CancelAsync();
            await collector;
        }

        return results;
    }
}
