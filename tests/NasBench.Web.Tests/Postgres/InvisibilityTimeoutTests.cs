using System.Diagnostics;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using NasBench.TestSupport;
using NasBench.Web.Extensions;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Postgres;

/// <summary>What PostgresJobStorage's remarks say about Hangfire.PostgreSql's hand-over, on a real server: a job fetched
/// by a worker that then stops renewing it (kill -9: no storage heartbeat) stays invisible for InvisibilityTimeout and
/// is then fetched by another worker; a living worker's renewals keep it from being fetched twice.</summary>
public sealed class InvisibilityTimeoutTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly string[] Queues = ["handover"];

    [Fact]
    public void AJobOfAWorkerThatStopped_IsFetchedAgain_AfterTheInvisibilityTimeout()
    {
        var (storage, job) = StorageWithAJob("invisible");
        // Worker A fetches the job and dies: its fetched job is never removed, requeued or renewed (no server runs the
        // storage's heartbeat here, as after kill -9).
        using var dead = storage.GetConnection();
        Assert.Equal(job, dead.FetchNextJob(Queues, CancellationToken.None).JobId);
        var clock = Stopwatch.StartNew();
        using var other = storage.GetConnection();
        using (var early = new CancellationTokenSource(Timeout * 0.6))
        {
            Assert.Throws<OperationCanceledException>(() => other.FetchNextJob(Queues, early.Token));
        }

        using var late = new CancellationTokenSource(Timeout * 4);
        var again = other.FetchNextJob(Queues, late.Token);
        output.WriteLine($"fetched again after {clock.ElapsedMilliseconds} ms (invisibility timeout {Timeout.TotalMilliseconds} ms)");
        Assert.Equal(job, again.JobId);
        Assert.InRange(clock.Elapsed, Timeout * 0.9, Timeout * 3);
        again.RemoveFromQueue();
    }

    [Fact]
    public async Task AJobOfALivingWorker_IsRenewed_AndNotFetchedAgain()
    {
        var (storage, job) = StorageWithAJob("renewed");
        using var heartbeat = new CancellationTokenSource();
#pragma warning disable CS0618 // the storage's components are what a Hangfire server runs; here the renewal only
        var renewal = storage.GetComponents().Single(c => c.GetType().Name == "PostgreSqlHeartbeatProcess");
        var beating = Task.Run(() =>
        {
            while (!heartbeat.IsCancellationRequested)
            {
                renewal.Execute(heartbeat.Token);
            }
        });
#pragma warning restore CS0618
        using var alive = storage.GetConnection();
        var fetched = alive.FetchNextJob(Queues, CancellationToken.None);
        Assert.Equal(job, fetched.JobId);
        using var other = storage.GetConnection();
        using (var wait = new CancellationTokenSource(Timeout * 2.5))
        {
            Assert.Throws<OperationCanceledException>(() => other.FetchNextJob(Queues, wait.Token));
        }

        fetched.RemoveFromQueue();
        fetched.Dispose();
        heartbeat.Cancel();
        await beating.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static (PostgreSqlStorage Storage, string Job) StorageWithAJob(string name)
    {
        var databases = PostgresCluster.Shared.CreateDatabases(name);
        PostgresJobStorage.Install(databases.Jobs);
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(databases.Jobs, new PostgreSqlStorageOptions()),
            PostgresJobStorage.Options(TimeSpan.FromMilliseconds(200), Timeout));
        using var connection = storage.GetConnection();
        string job = connection.CreateExpiredJob(Hangfire.Common.Job.FromExpression(() => Console.WriteLine("x")), new Dictionary<string, string>(), DateTime.UtcNow, TimeSpan.FromHours(1));
        using var transaction = connection.CreateWriteTransaction();
        transaction.AddToQueue(Queues[0], job);
        transaction.Commit();
        return (storage, job);
    }
}
