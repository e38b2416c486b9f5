using System.Diagnostics;

namespace NasBench.TestSupport;

/// <summary>
/// The one polling loop of the tests: ask, check, and ask again a little later until the condition holds or the
/// deadline passes. Tests wait on what they need (a status, a count, a line of output), never for a fixed time; the
/// deadline is generous because a loaded 2-core machine is slow, and a test that passes returns as soon as it can.
/// </summary>
public static class Eventually
{
    /// <summary>The pause between two probes when the caller gives none.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Probes until <paramref name="done"/> holds for the value seen, and returns that value.</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/>: names <paramref name="what"/> and
    /// the last value seen (<paramref name="describe"/>, else its ToString).</exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what,
        Func<T, string>? describe = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var last = await probe().ConfigureAwait(false);
            if (done(last))
            {
                return last;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0.#} s; last seen: {(describe is null ? last?.ToString() : describe(last))}");
            }

            await Task.Delay(interval ?? DefaultInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Probes an asynchronous condition until it holds.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null) =>
        UntilAsync(condition, held => held, timeout, what, null, interval);

    /// <summary>Checks a condition until it holds.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), held => held, timeout, what, null, interval);
    }
}
