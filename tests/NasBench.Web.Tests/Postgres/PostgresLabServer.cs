using NasBench.TestSupport;

namespace NasBench.Web.Tests.Postgres;

/// <summary>The lab server on the test process's PostgreSQL cluster (<see cref="PostgresCluster.Shared"/>): EF Core on
/// Npgsql and Hangfire.PostgreSql, each on a fresh database; files still in a temporary NASBENCH_HOME.</summary>
public sealed class PostgresLabServer : LabServer
{
    private PostgresDatabases? _databases;

    public override string Database => "postgres";

    /// <summary>The two databases of this server.</summary>
    public PostgresDatabases Databases => _databases ??= PostgresCluster.Shared.CreateDatabases("labserver");

    protected override IReadOnlyDictionary<string, string> DatabaseSettings() => Databases.Settings;
}

/// <summary>
/// The classes that run the lab server's tests on PostgreSQL. Not parallel with anything: xUnit runs such collections
/// after the parallel ones (the SQLite "lab server" collection among them) have finished and disposed their servers, so
/// two Hangfire hosts never share the process's static state at once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresLabCollection : ICollectionFixture<PostgresLabServer>
{
    public const string Name = "lab server on PostgreSQL";
}
