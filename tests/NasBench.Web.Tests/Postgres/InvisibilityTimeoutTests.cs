using System.Diagnostics;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using NasBench.TestSupport;
using NasBench.Web.Extensions;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Postgres;

/// <summary>What PostgresJobStorage's remarks say about Hangfire.PostgreSql's hand-over, on a real server: a job fetched
/// by a worker that then stops renewing it (kill -9: no storage heartbeat) stays invisible for InvisibilityTimeout and
/// is then fetched by another worker.</summary>
public sealed class InvisibilityTimeoutTests(ITestOutputHelper output)
{
    [Fact]
    public void AJobOfAWorkerThatStopped_IsFetchedAgain_AfterTheInvisibilityTimeout()
    {
        var databases = PostgresCluster.Shared.CreateDatabases("invisible");
        PostgresJobStorage.Install(databases.Jobs);
        var timeout = TimeSpan.FromSeconds(3);
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(databases.Jobs, new PostgreSqlStorageOptions()),
            PostgresJobStorage.Options(TimeSpan.FromMilliseconds(200), timeout));
        string[] queues = ["handover"];
        string job;
        using (var connection = storage.GetConnection())
        {
            job = connection.CreateExpiredJob(Hangfire.Common.Job.FromExpression(() => Console.WriteLine("x")), new Dictionary<string, string>(), DateTime.UtcNow, TimeSpan.FromHours(1));
            using var transaction = connection.CreateWriteTransaction();
            transaction.AddToQueue("handover", job);
            transaction.Commit();
        }

        // Worker A fetches the job and dies: its fetched job is never removed, requeued or renewed (no server runs the
        // storage's heartbeat here, as after kill -9).
        using var dead = storage.GetConnection();
        var fetched = dead.FetchNextJob(queues, CancellationToken.None);
        Assert.Equal(job, fetched.JobId);
        var clock = Stopwatch.StartNew();

        using var other = storage.GetConnection();
        using (var early = new CancellationTokenSource(timeout * 0.6))
        {
            Assert.Throws<OperationCanceledException>(() => other.FetchNextJob(queues, early.Token));
        }

        var again = other.FetchNextJob(queues, new CancellationTokenSource(timeout * 4).Token);
        output.WriteLine($"fetched again after {clock.ElapsedMilliseconds} ms (invisibility timeout {timeout.TotalMilliseconds} ms)");
        Assert.Equal(job, again.JobId);
        Assert.InRange(clock.Elapsed, timeout * 0.9, timeout * 3);
        again.RemoveFromQueue();
    }
}
