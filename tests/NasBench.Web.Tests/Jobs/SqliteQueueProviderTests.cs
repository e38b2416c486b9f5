using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using NasBench.Web.Extensions;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Jobs;

/// <summary>
/// The lab's queue on the SQLite jobs database (<see cref="SqliteQueueProvider"/>), through Hangfire's own storage API:
/// a fetch is one statement, so fetchers that share no lock (as in two processes) never get one job twice; a fetched
/// job stays invisible while it is renewed, however long it runs, and one whose renewals stopped (kill -9) is visible
/// again after the timeout; the dashboard lists each queue once.
/// </summary>
public sealed class SqliteQueueProviderTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nasbench-queue-").FullName;

    private string JobsDb => Path.Combine(_folder, "jobs.db");

    private (SQLiteStorage Storage, SqliteQueueProvider Queue) Storage(TimeSpan invisibility, TimeProvider? time = null)
    {
        var options = new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(10) };
        var storage = new SQLiteStorage(JobsDb, options);
        return (storage, SqliteQueueProvider.Use(storage, options, ["cpu", "gpu"], invisibility, _log, time));
    }

    private readonly ListLogger _log = new();

    /// <summary>What the queue logged (its renewal warnings), for failure messages.</summary>
    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");

        public override string ToString() => string.Join("\n", Lines);
    }

    private static void Enqueue(SQLiteStorage storage, string queue, IEnumerable<int> jobIds)
    {
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        foreach (int id in jobIds)
        {
            transaction.AddToQueue(queue, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        transaction.Commit();
    }

    /// <summary>A fetch as Hangfire's worker does it: the connection stays open (the fetched job uses it) until the job is
    /// disposed.</summary>
    private static Fetched? Fetch(SQLiteStorage storage, TimeSpan wait, params string[] queues)
    {
        var connection = storage.GetConnection();
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return new Fetched(connection, connection.FetchNextJob(queues, timeout.Token));
        }
        catch (OperationCanceledException)
        {
            connection.Dispose();
            return null;
        }
    }

    private sealed class Fetched(IStorageConnection connection, IFetchedJob job) : IDisposable
    {
        public string JobId => job.JobId;

        public void RemoveFromQueue() => job.RemoveFromQueue();

        public void Dispose()
        {
            job.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>Two storages on one file (as two processes) with four fetchers each, 400 jobs: every job is fetched exactly
    /// once. The fetchers share no lock (the library's fetch relies on one inside the process), so only the fetch being
    /// one statement keeps two of them from taking the same row.</summary>
    [Fact]
    public async Task ConcurrentFetchers_OnTwoStorages_NeverGetOneJobTwice()
    {
        var (first, _) = Storage(TimeSpan.FromSeconds(30));
        var (second, _) = Storage(TimeSpan.FromSeconds(30));
        using (first)
        using (second)
        {
            Enqueue(first, "cpu", Enumerable.Range(1, 400));
            var fetched = new ConcurrentBag<string>();
            var clock = Stopwatch.StartNew();
            var fetchers = Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(() =>
            {
                var storage = i % 2 == 0 ? first : second;
                while (Fetch(storage, TimeSpan.FromMilliseconds(300), "cpu") is { } job)
                {
                    using (job)
                    {
                        fetched.Add(job.JobId);
                        job.RemoveFromQueue();
                    }
                }
            }, TaskCreationOptions.LongRunning)).ToArray();
            await Task.WhenAll(fetchers);
            output.WriteLine($"400 jobs fetched by 8 fetchers on 2 storages in {clock.ElapsedMilliseconds} ms (with 300 ms of final waiting)");
            var twice = fetched.GroupBy(j => j).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"fetched more than once: {string.Join(", ", twice)}");
            Assert.Equal(Enumerable.Range(1, 400).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), fetched.Order());
        }
    }

    /// <summary>A job held for 2.5 × the invisibility timeout is never fetched by another storage (its renewals slide it);
    /// released without being removed (a worker that stops) it is fetchable at once. The renewals tick on the injected
    /// clock: the test advances a fake one a renewal period at a time and waits until the renewal has moved FetchedAt
    /// (with the renewal switched off it fails there, at the first period).</summary>
    [Fact]
    public async Task AFetchedJob_StaysInvisibleWhileItRuns_AndReturnsWhenReleased()
    {
        var invisibility = TimeSpan.FromSeconds(2);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var (mine, queue) = Storage(invisibility, clock);
        var (other, _) = Storage(invisibility, clock);
        using (mine)
        using (other)
        {
            Enqueue(mine, "cpu", [7]);
            var job = Fetch(mine, TimeSpan.FromSeconds(5), "cpu");
            Assert.NotNull(job);
            var held = TimeSpan.Zero;
            while (held < invisibility * 2.5)
            {
                clock.Advance(queue.InvisibilityTimeout / 5);
                held += queue.InvisibilityTimeout / 5;
                long now = clock.GetUtcNow().UtcDateTime.Ticks;
                await NasBench.TestSupport.Eventually.UntilAsync(() => FetchedAtTicks(mine, 7) == now, TimeSpan.FromSeconds(30),
                    $"the renewal of job 7 at {held.TotalSeconds:0.0} s\n{_log}", TimeSpan.FromMilliseconds(10));
                var stolen = Fetch(other, TimeSpan.FromMilliseconds(50), "cpu");
                Assert.True(stolen is null, $"job {stolen?.JobId} fetched a second time {held.TotalSeconds:0.0} s after its fetch, while it is renewed\n{_log}");
            }

            job.Dispose(); // neither removed nor re-queued: the library puts it back
            var again = Fetch(other, TimeSpan.FromSeconds(2), "cpu");
            Assert.Equal("7", again?.JobId);
            again!.RemoveFromQueue();
            again.Dispose();
            Assert.Null(Fetch(mine, TimeSpan.FromMilliseconds(200), "cpu"));
        }
    }

    /// <summary>What kill -9 leaves: a row fetched but no longer renewed. Fetched less than the timeout ago it is invisible;
    /// longer ago it is taken; never-fetched rows come first. The clock is a fake one: the rule is about FetchedAt
    /// values, and a real clock made the test depend on how fast a loaded machine ran the fetch loop (row 1 became
    /// visible while the loop still ran, at load average 27).</summary>
    [Fact]
    public void ARowNoLongerRenewed_IsFetchedAgain_AfterTheTimeout()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var (storage, queue) = Storage(TimeSpan.FromSeconds(2), clock);
        using (storage)
        {
            Enqueue(storage, "cpu", [1, 2]);
            using (var raw = storage.CreateAndOpenConnection())
            {
                var now = clock.GetUtcNow().UtcDateTime;
                raw.Database.Execute("UPDATE JobQueue SET FetchedAt = ? WHERE JobId = 1", now - TimeSpan.FromSeconds(1)); // still invisible
                raw.Database.Execute("UPDATE JobQueue SET FetchedAt = ? WHERE JobId = 2", now - TimeSpan.FromSeconds(5)); // its worker died
            }

            Enqueue(storage, "cpu", [3]);
            var order = new List<string>();
            while (Fetch(storage, TimeSpan.FromMilliseconds(200), "cpu") is { } job)
            {
                using (job)
                {
                    order.Add(job.JobId);
                    job.RemoveFromQueue();
                }
            }

            Assert.Equal(["3", "2"], order); // 1 was fetched 1 s ago: not yet
            Assert.Null(Fetch(storage, TimeSpan.FromMilliseconds(100), "cpu")); // however long the real fetch loop took
            clock.Advance(TimeSpan.FromSeconds(1.5)); // 2.5 s after row 1's fetch: past the timeout
            Assert.Equal("1", Fetch(storage, TimeSpan.FromSeconds(3), "cpu")?.JobId);
            Assert.Equal(TimeSpan.FromSeconds(2), queue.InvisibilityTimeout);
        }
    }

    private static long FetchedAtTicks(SQLiteStorage storage, int jobId)
    {
        using var raw = storage.CreateAndOpenConnection();
        return raw.Database.ExecuteScalar<long>("SELECT FetchedAt FROM JobQueue WHERE JobId = ?", jobId);
    }

    /// <summary>Queues are fetched in the order a server names them, and the dashboard lists each queue once with its counts.</summary>
    [Fact]
    public void QueueOrder_AndTheDashboard()
    {
        var (storage, _) = Storage(TimeSpan.FromSeconds(30));
        using (storage)
        {
            Enqueue(storage, "cpu", [1]);
            Enqueue(storage, "gpu", [2, 3]);
            using (var first = Fetch(storage, TimeSpan.FromSeconds(1), "gpu", "cpu"))
            {
                Assert.Equal("2", first?.JobId);
                var queues = storage.GetMonitoringApi().Queues();
                Assert.Equal(["cpu", "gpu"], queues.Select(q => q.Name));
                Assert.Equal(1, queues.Single(q => q.Name == "gpu").Length);
                Assert.Equal(1, queues.Single(q => q.Name == "gpu").Fetched);
                Assert.Equal(1, storage.GetMonitoringApi().EnqueuedCount("cpu"));
                first!.RemoveFromQueue();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temporary folder.
        }
    }
}
