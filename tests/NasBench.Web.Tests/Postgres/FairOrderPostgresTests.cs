using Xunit.Abstractions;

namespace NasBench.Web.Tests.Postgres;

/// <summary><see cref="Security.FairOrderTests"/> on PostgreSQL (the dispatcher's conditional UPDATEs and grouping on Npgsql, Hangfire.PostgreSql's queue).</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class FairOrderPostgresTests(PostgresLabServer lab, ITestOutputHelper output) : Security.FairOrderTests(lab, output);
