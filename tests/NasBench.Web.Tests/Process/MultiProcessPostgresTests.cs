using Microsoft.EntityFrameworkCore;
using NasBench.TestSupport;
using NasBench.Web.Data;
using Xunit.Abstractions;

// Not "…Tests.Process": that namespace would hide System.Diagnostics.Process from every other test namespace.
namespace NasBench.Web.Tests.ChildProcesses;

/// <summary>The multi-process tests on PostgreSQL, as the lab runs beyond one machine: EF Core on Npgsql and
/// Hangfire.PostgreSql (fresh databases per test on the test process's cluster), 1 web and N worker processes —
/// exactly once with two workers, kill -9 of the worker that trains, throughput with 1 and 2 workers.</summary>
[Collection(ChildProcessCollection.Name)]
public sealed class MultiProcessPostgresTests(ITestOutputHelper output) : MultiProcessTests(output)
{
    protected override IReadOnlyDictionary<string, string>? Databases() => PostgresCluster.Shared.CreateDatabases("multi").Environment;
}

/// <summary>Live pages across processes on PostgreSQL: the web process's page grows while a worker process writes the
/// rows; the cross-process poller's latency on PostgreSQL.</summary>
[Collection(ChildProcessCollection.Name)]
public sealed class MultiProcessLivePostgresTests(Pages.BrowserFixture browser, ITestOutputHelper output) : MultiProcessLiveTests(browser, output)
{
    protected override IReadOnlyDictionary<string, string>? Databases() => PostgresCluster.Shared.CreateDatabases("multilive").Environment;

    protected override Func<LabDbContext> ProbeDatabase()
    {
        var options = new DbContextOptionsBuilder<PostgresLabDbContext>().UseNpgsql(PostgresCluster.Shared.CreateDatabases("probe").Lab).Options;
        return () => new PostgresLabDbContext(options);
    }
}
