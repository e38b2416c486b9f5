using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Hangfire.Storage.SQLite.Entities;

namespace NasBench.Web.Extensions;

/// <summary>
/// The job queue of the SQLite jobs database: a fetch that is atomic across processes, and a sliding invisibility
/// timeout. It replaces Hangfire.Storage.SQLite's own queue for the queues this process's servers listen to.
/// </summary>
/// <remarks>
/// Why (read from Hangfire.Storage.SQLite 0.4.x, SQLiteJobQueue and SQLiteFetchedJob):
/// <list type="bullet">
/// <item>Its fetch reads a free row and then writes its FetchedAt: two statements, serialised only by a lock inside the
/// process. Two processes on one jobs.db (web + worker processes, or two workers) can both read the same row and
/// both perform the job. The second one's Processing state replaces the first one's, so Hangfire's abort watcher
/// (ServerJobCancellationWatcher, every CancellationCheckInterval) cancels the first one's token: that run stopped
/// where it stood and its experiment stayed "running" under a live worker, with progress 0 or 1. This was the bug of
/// the SQLite multi-process tests (3 of 5 full runs, never on PostgreSQL, whose fetch is one statement).</item>
/// <item>Its invisibility timeout does not slide: a job still running 30 min after its fetch is fetched again (the
/// same abort, then a second run), so every training longer than 30 min was at risk, in one process too.</item>
/// </list>
/// Here a fetch is one <c>UPDATE … WHERE Id = (SELECT … LIMIT 1) RETURNING</c> statement, which SQLite runs under its
/// write lock, so no two fetchers ever get the same row. One thread renews the FetchedAt of the jobs this process runs
/// every <see cref="InvisibilityTimeout"/> / 5 of the injected clock, each conditional on the value it wrote last; after a
/// kill -9 the renewals stop and the row is visible again <see cref="InvisibilityTimeout"/> later (by then the lab's
/// own hand-over has re-queued the experiment under a new job, so the old job finds another JobId and does nothing).
/// Enqueueing, removing, re-queueing and the dashboard's queue pages are the library's own.
/// Tested by tests/NasBench.Web.Tests/Jobs/SqliteQueueProviderTests.
/// </remarks>
public sealed class SqliteQueueProvider : IPersistentJobQueueProvider
{
    /// <summary>How long a fetched job stays invisible without a renewal.</summary>
    public static readonly TimeSpan DefaultInvisibilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a statement of this queue waits for SQLite's write lock before it fails. sqlite-net's default is
    /// 100 ms: on a loaded machine, with several processes' fetches, renewals and removals on one file, a removal then
    /// failed with "database is locked" inside Hangfire's worker (seen in SqliteQueueProviderTests at load average 27).</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private readonly SQLiteStorage _storage;
    private readonly SQLiteJobQueueProvider _library;
    private readonly TimeSpan _poll;
    private readonly ILogger? _logger;
    private readonly TimeProvider _time;
    private readonly HashSet<FetchedJob> _fetched = [];
    private bool _renewing;

    private SqliteQueueProvider(SQLiteStorage storage, SQLiteStorageOptions options, TimeSpan invisibilityTimeout, ILogger? logger, TimeProvider time)
    {
        _time = time;
        _storage = storage;
        _library = new SQLiteJobQueueProvider(options);
        _poll = options.QueuePollInterval;
        InvisibilityTimeout = invisibilityTimeout;
        _logger = logger;
    }

    /// <summary>How long a fetched job stays invisible without a renewal (renewed every fifth of it).</summary>
    public TimeSpan InvisibilityTimeout { get; }

    /// <summary>Makes this queue the one of <paramref name="queues"/> on <paramref name="storage"/> (every queue a server
    /// of this process listens to must be among them: Hangfire refuses a server whose queues have two providers).
    /// <paramref name="time"/> gives the FetchedAt values written and compared and the renewals' period (the system clock
    /// unless a test fakes it and advances it).</summary>
    public static SqliteQueueProvider Use(SQLiteStorage storage, SQLiteStorageOptions options, IEnumerable<string> queues, TimeSpan? invisibilityTimeout = null,
        ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(queues);
        var provider = new SqliteQueueProvider(storage, options, invisibilityTimeout ?? DefaultInvisibilityTimeout, logger, time ?? TimeProvider.System);
        storage.QueueProviders.Add(provider, queues.Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
        return provider;
    }

    public IPersistentJobQueue GetJobQueue(HangfireDbContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Database.BusyTimeout = BusyTimeout; // also the fetched job's removal and re-queue, which use this connection
        return new Queue(this, connection);
    }

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <summary>The library's counts and job lists, but no queue names of its own: the library's provider already lists
    /// every queue of the table, and the dashboard would show each twice.</summary>
    public IPersistentJobQueueMonitoringApi GetJobQueueMonitoringApi(HangfireDbContext connection) => new Monitoring(_library.GetJobQueueMonitoringApi(connection));

    /// <summary>Takes the first free (or no longer renewed) row of <paramref name="queues"/>, in their order, in one
    /// statement; null when there is none. <paramref name="now"/> is what FetchedAt becomes.</summary>
    private JobQueue? TryFetch(HangfireDbContext connection, IReadOnlyList<string> queues, DateTime now)
    {
        var cutoff = now - InvisibilityTimeout;
        foreach (string queue in queues)
        {
            // FetchedAt is stored as ticks (storeDateTimeAsTicks): never fetched is DateTime.MinValue = 0, so those come first.
            var rows = connection.Database.Query<JobQueue>(
                "UPDATE JobQueue SET FetchedAt = ? WHERE Id = (SELECT Id FROM JobQueue WHERE Queue = ? AND (FetchedAt = ? OR FetchedAt < ?) "
                + "ORDER BY FetchedAt, Id LIMIT 1) RETURNING Id, JobId, Queue, FetchedAt",
                now, queue, DateTime.MinValue, cutoff);
            if (rows.Count == 1)
            {
                return rows[0];
            }
        }

        return null;
    }

    private sealed class Queue(SqliteQueueProvider owner, HangfireDbContext connection) : IPersistentJobQueue
    {
        public IFetchedJob Dequeue(string[] queues, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(queues);
            if (queues.Length == 0)
            {
                throw new ArgumentException("Queue array must be non-empty.", nameof(queues));
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (owner.TryFetch(connection, queues, owner.UtcNow) is { } row)
                {
                    return new FetchedJob(owner, new SQLiteFetchedJob(connection, row.Id, row.JobId, row.Queue), row.Id, row.FetchedAt);
                }

                cancellationToken.WaitHandle.WaitOne(owner._poll);
            }
        }

        public void Enqueue(string queue, string jobId) => owner._library.GetJobQueue(connection).Enqueue(queue, jobId);
    }

    /// <summary>Starts renewing <paramref name="job"/> (and the renewal thread, when none runs).</summary>
    private void Track(FetchedJob job)
    {
        lock (_fetched)
        {
            _fetched.Add(job);
            if (!_renewing)
            {
                _renewing = true;
                // Made here, before the fetch returns, so that no tick of a (fake) clock is missed; the thread disposes it.
#pragma warning disable CA2000
                var timer = new PeriodicTimer(InvisibilityTimeout / 5, _time);
#pragma warning restore CA2000
                new Thread(() => RenewLoop(timer)) { IsBackground = true, Name = "Hangfire SQLite queue renewal" }.Start();
            }
        }
    }

    /// <summary>Stops renewing <paramref name="job"/>; false when it was no longer renewed.</summary>
    private bool Untrack(FetchedJob job)
    {
        lock (_fetched)
        {
            return _fetched.Remove(job);
        }
    }

    /// <summary>At every tick of <paramref name="timer"/> (InvisibilityTimeout / 5 of the injected clock), renews every job
    /// this process has fetched and not yet released, on one connection of its own (the fetch's connection belongs to its
    /// worker thread: sqlite-net connections are not thread-safe). The renewals run on a thread of their own, which waits
    /// for the tick, so only the tick itself (a high-priority work item of the thread pool) depends on the pool: a
    /// continuation on a busy pool was seen more than a second late in the tests, and a late renewal lets another worker
    /// take a running job (30 s of slack in production: a tick every 6 s). Ends, disposing the timer, when nothing is fetched.</summary>
    private void RenewLoop(PeriodicTimer timer)
    {
        using var ticks = timer;
        while (true)
        {
            ticks.WaitForNextTickAsync().AsTask().GetAwaiter().GetResult();
            FetchedJob[] jobs;
            lock (_fetched)
            {
                if (_fetched.Count == 0)
                {
                    _renewing = false;
                    return;
                }

                jobs = [.. _fetched];
            }

            try
            {
                using var connection = _storage.CreateAndOpenConnection();
                connection.Database.BusyTimeout = BusyTimeout;
                foreach (var job in jobs)
                {
                    job.Renew(connection);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A busy database: the next round tries again (four more before the timeout runs out).
                _logger?.LogWarning(e, "Renewing the invisibility of {Count} fetched Hangfire job(s) failed", jobs.Length);
            }
        }
    }

    /// <summary>The library's fetched job (remove, re-queue, dispose) plus the renewal of its FetchedAt.</summary>
    private sealed class FetchedJob : IFetchedJob
    {
        private readonly SqliteQueueProvider _owner;
        private readonly SQLiteFetchedJob _job;
        private readonly int _id;
        private DateTime _fetchedAt;

        public FetchedJob(SqliteQueueProvider owner, SQLiteFetchedJob job, int id, DateTime fetchedAt)
        {
            _owner = owner;
            _job = job;
            _id = id;
            _fetchedAt = fetchedAt;
            owner.Track(this);
        }

        public string JobId => _job.JobId;

        public void RemoveFromQueue()
        {
            _owner.Untrack(this);
            _job.RemoveFromQueue();
        }

        public void Requeue()
        {
            _owner.Untrack(this);
            _job.Requeue();
        }

        public void Dispose()
        {
            _owner.Untrack(this);
            _job.Dispose();
        }

        /// <summary>Moves FetchedAt on, only while it is still the value this fetch wrote (on the renewal thread).</summary>
        public void Renew(HangfireDbContext connection)
        {
            var now = _owner.UtcNow;
            if (connection.Database.Execute("UPDATE JobQueue SET FetchedAt = ? WHERE Id = ? AND FetchedAt = ?", now, _id, _fetchedAt) == 1)
            {
                _fetchedAt = now;
            }
            else
            {
                // Removed or re-queued a moment ago (then no longer tracked: nothing to say), or fetched by another worker
                // after a stall longer than the timeout: not ours to renew.
                if (_owner.Untrack(this))
                {
                    _owner._logger?.LogWarning("Hangfire job {Job}: its queue row is no longer this fetch's; its invisibility is not renewed any more", JobId);
                }
            }
        }
    }

    private sealed class Monitoring(IPersistentJobQueueMonitoringApi library) : IPersistentJobQueueMonitoringApi
    {
        public IEnumerable<string> GetQueues() => [];

        public IEnumerable<int> GetEnqueuedJobIds(string queue, int from, int perPage) => library.GetEnqueuedJobIds(queue, from, perPage);

        public IEnumerable<int> GetFetchedJobIds(string queue, int from, int perPage) => library.GetFetchedJobIds(queue, from, perPage);

        public EnqueuedAndFetchedCountDto GetEnqueuedAndFetchedCount(string queue) => library.GetEnqueuedAndFetchedCount(queue);
    }
}
