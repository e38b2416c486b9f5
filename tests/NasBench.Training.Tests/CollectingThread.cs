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
    /// <summary>Collections the work must overlap: the bugs this finds needed tens to hundreds of them.</summary>
    public const int Collections = 200;

    /// <summary>
    /// The results of <paramref name="work"/>, run on this thread once the collector has started and again until
    /// <see cref="Collections"/> collections have run beside it (how many rounds that takes depends on the machine's load,
    /// so the work repeats rather than the count being hoped for).
    /// </summary>
    public static async Task<List<T>> RunBesideAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var done = new CancellationTokenSource();
        long collections = 0;
        var collector = Task.Factory.StartNew(() =>
        {
            while (!done.IsCancellationRequested)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref collections);
            }
        }, TaskCreationOptions.LongRunning);
        var results = new List<T>();
        try
        {
            await Eventually.UntilAsync(() => Interlocked.Read(ref collections) > 0, TimeSpan.FromSeconds(60), "the collector thread's first collection", TimeSpan.FromMilliseconds(1));
            do
            {
                results.Add(work());
            }
            while (Interlocked.Read(ref collections) < Collections);
        }
        finally
        {
            await done.CancelAsync();
            await collector;
        }

        return results;
    }
}
