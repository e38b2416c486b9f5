namespace NasBench.Training.Tests;

/// <summary>
/// Runs work while another thread forces garbage collections and runs finalizers without pause, as another job's thread
/// can in the lab server's worker: a TorchSharp <c>Scalar</c> left to the collector (an implicit conversion from a .NET
/// number, or the alpha 1 that <c>add(Tensor)</c> passes) is then finalized, its native memory freed, while the kernel may
/// still read it, and libtorch fails in <c>Scalar::toFloat</c> (see <see cref="Training.Predictors.AdamStep"/>).
/// </summary>
internal static class CollectingThread
{
    /// <summary>The result of <paramref name="work"/>, run on this thread, and how many collections ran beside it.</summary>
    public static async Task<(T Result, long Collections)> RunBesideAsync<T>(Func<T> work)
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
                collections++;
            }
        }, TaskCreationOptions.LongRunning);
        T result;
        try
        {
            result = work();
        }
        finally
        {
            await done.CancelAsync();
            await collector;
        }

        return (result, collections);
    }
}
