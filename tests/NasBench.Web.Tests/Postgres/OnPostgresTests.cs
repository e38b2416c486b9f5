using Xunit.Abstractions;

namespace NasBench.Web.Tests.Postgres;

// The existing API, role, job and results test classes, run again on PostgreSQL (EF Core Npgsql + Hangfire.PostgreSql):
// each derives from the SQLite class (whose tests it inherits) and only changes the server it is given.

/// <summary><see cref="Apis.ExperimentsApiTests"/> on PostgreSQL.</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class ExperimentsApiPostgresTests(PostgresLabServer lab) : Apis.ExperimentsApiTests(lab);

/// <summary><see cref="Roles.RouteRoleTests"/> on PostgreSQL.</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class RouteRolePostgresTests(PostgresLabServer lab) : Roles.RouteRoleTests(lab);

/// <summary><see cref="Roles.UsersApiTests"/> on PostgreSQL (Identity's stores on Npgsql).</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class UsersApiPostgresTests(PostgresLabServer lab) : Roles.UsersApiTests(lab);

/// <summary><see cref="Jobs.ExperimentJobTests"/> on PostgreSQL (the jobs on Hangfire.PostgreSql).</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class ExperimentJobPostgresTests(PostgresLabServer lab, ITestOutputHelper output) : Jobs.ExperimentJobTests(lab, output);

/// <summary><see cref="Results.PublishTests"/> on PostgreSQL (the results list's filters and text search).</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class PublishPostgresTests(PostgresLabServer lab) : Results.PublishTests(lab);

/// <summary><see cref="Jobs.TrajectoryReaderTests"/> on PostgreSQL (the chart's downsampled read, in SQL there too).</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class TrajectoryReaderPostgresTests(PostgresLabServer lab, ITestOutputHelper output) : Jobs.TrajectoryReaderTests(lab, output);

/// <summary><see cref="Results.ResultsScaleTests"/> on PostgreSQL (opt-in: NASBENCH_SCALE=10000).</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class ResultsScalePostgresTests(PostgresLabServer lab, ITestOutputHelper output) : Results.ResultsScaleTests(lab, output);
