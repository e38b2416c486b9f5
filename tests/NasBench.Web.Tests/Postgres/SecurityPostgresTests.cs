using Xunit.Abstractions;

namespace NasBench.Web.Tests.Postgres;

/// <summary><see cref="Security.MalformedBodiesTests"/> on PostgreSQL (the same corpus; imports and users on Npgsql).</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class MalformedBodiesPostgresTests(PostgresLabServer lab, ITestOutputHelper output) : Security.MalformedBodiesTests(lab, output);

/// <summary><see cref="Security.RevocationTests"/> on PostgreSQL (Identity's stamp and lockout on Npgsql).</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class RevocationPostgresTests(PostgresLabServer lab) : Security.RevocationTests(lab);
