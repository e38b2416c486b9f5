using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Live;

/// <summary>
/// The stored trajectory of a search as a chart needs it: every point of a run with at most
/// <see cref="SeriesDownsampler.MaxPointsPerTrace"/> points, and for a longer run one point per log-step bucket
/// (<see cref="BucketsPerEFold"/> buckets per factor e of step + 1) plus its last point, so a page reads a few thousand
/// rows, not the 500,000 a giant experiment holds. On SQLite and PostgreSQL the buckets are walked in SQL with one index seek each on the
/// natural key (ExperimentId, Configuration, Run, Step); no new index is needed.
/// </summary>
public static class TrajectoryReader
{
    /// <summary>Log-step resolution of a downsampled run: 80 a factor e keeps a run to step 10^10 under 1,850 points.</summary>
    public const int BucketsPerEFold = 80;

    // Per run (SearchRuns holds one row per run): is it short (≤ MaxPointsPerTrace points, counted with a bounded scan)?
    // Then walk from its first point: the next kept step is the first stored step ≥ the next bucket's start (a short run
    // keeps every step), and the run's last point is kept too. CROSS JOIN keeps SQLite from scanning the experiment's rows.
    private const string Sql = """
        WITH RECURSIVE runs(Configuration, Run, Every) AS (
            SELECT r.Configuration, r.Run, (SELECT COUNT(*) FROM (SELECT 1 FROM TrajectoryPoints p WHERE p.ExperimentId = r.ExperimentId
                AND p.Configuration = r.Configuration AND p.Run = r.Run LIMIT {1})) <= {2}
            FROM SearchRuns r WHERE r.ExperimentId = {0}
        ),
        walk(Configuration, Run, Every, Step) AS (
            SELECT r.Configuration, r.Run, r.Every, (SELECT MIN(p.Step) FROM TrajectoryPoints p WHERE p.ExperimentId = {0}
                AND p.Configuration = r.Configuration AND p.Run = r.Run)
            FROM runs r
            UNION ALL
            SELECT w.Configuration, w.Run, w.Every, (SELECT MIN(p.Step) FROM TrajectoryPoints p WHERE p.ExperimentId = {0}
                AND p.Configuration = w.Configuration AND p.Run = w.Run
                AND p.Step >= CASE WHEN w.Every THEN w.Step + 1 ELSE max(w.Step + 1, exp((floor(ln(w.Step + 1) * {3}) + 1) / {3}) - 1) END)
            FROM walk w WHERE w.Step IS NOT NULL
        ),
        kept(Configuration, Run, Step) AS (
            SELECT Configuration, Run, Step FROM walk WHERE Step IS NOT NULL
            UNION
            SELECT r.Configuration, r.Run, (SELECT MAX(p.Step) FROM TrajectoryPoints p WHERE p.ExperimentId = {0}
                AND p.Configuration = r.Configuration AND p.Run = r.Run)
            FROM runs r
        )
        SELECT p.* FROM kept k CROSS JOIN TrajectoryPoints p
        WHERE p.ExperimentId = {0} AND p.Configuration = k.Configuration AND p.Run = k.Run AND p.Step = k.Step AND p.Id <= {4}
        """;

    /// <summary>The same walk on PostgreSQL: quoted identifiers, GREATEST for SQLite's two-argument max, an alias on the
    /// derived table, and the steps as double precision for ln/exp. The bucket's start is rounded up to a bigint
    /// (for integer steps, Step ≥ x ⟺ Step ≥ ⌈x⌉, so the same points as on SQLite): compared with a double, PostgreSQL
    /// casts the column and cannot seek the index, and each step of the walk scanned the run from its start — 13.7 s for
    /// a 1,000,000-point experiment (10 runs × 100,000) against 76 ms on SQLite (TrajectoryReaderTests.Bench_AMillionPoints).</summary>
    private const string PostgresSql = """
        WITH RECURSIVE runs("Configuration", "Run", "Every") AS (
            SELECT r."Configuration", r."Run", (SELECT COUNT(*) FROM (SELECT 1 FROM "TrajectoryPoints" p WHERE p."ExperimentId" = r."ExperimentId"
                AND p."Configuration" = r."Configuration" AND p."Run" = r."Run" LIMIT {1}) AS c) <= {2}
            FROM "SearchRuns" r WHERE r."ExperimentId" = {0}
        ),
        walk("Configuration", "Run", "Every", "Step") AS (
            SELECT r."Configuration", r."Run", r."Every", (SELECT MIN(p."Step") FROM "TrajectoryPoints" p WHERE p."ExperimentId" = {0}
                AND p."Configuration" = r."Configuration" AND p."Run" = r."Run")
            FROM runs r
            UNION ALL
            SELECT w."Configuration", w."Run", w."Every", (SELECT MIN(p."Step") FROM "TrajectoryPoints" p WHERE p."ExperimentId" = {0}
                AND p."Configuration" = w."Configuration" AND p."Run" = w."Run"
                AND p."Step" >= CASE WHEN w."Every" THEN w."Step" + 1
                    ELSE GREATEST(w."Step" + 1, ceil(exp((floor(ln(w."Step"::double precision + 1) * {3}) + 1) / {3}) - 1)::bigint) END)
            FROM walk w WHERE w."Step" IS NOT NULL
        ),
        kept("Configuration", "Run", "Step") AS (
            SELECT "Configuration", "Run", "Step" FROM walk WHERE "Step" IS NOT NULL
            UNION
            SELECT r."Configuration", r."Run", (SELECT MAX(p."Step") FROM "TrajectoryPoints" p WHERE p."ExperimentId" = {0}
                AND p."Configuration" = r."Configuration" AND p."Run" = r."Run")
            FROM runs r
        )
        SELECT p.* FROM kept k CROSS JOIN "TrajectoryPoints" p
        WHERE p."ExperimentId" = {0} AND p."Configuration" = k."Configuration" AND p."Run" = k."Run" AND p."Step" = k."Step" AND p."Id" <= {4}
        """;

    /// <summary>The rows to draw (ordered by id), how many stored rows they stand for, and the last row id they cover
    /// (a live page reads the rows after it).</summary>
    public static async Task<(List<TrajectoryPoint> Rows, long Covered, long LastId)> ReadAsync(LabDbContext db, long experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var points = db.TrajectoryPoints.AsNoTracking().Where(p => p.ExperimentId == experimentId);
        long lastId = await points.MaxAsync(p => (long?)p.Id, cancellationToken) ?? 0;
        long covered = await points.LongCountAsync(p => p.Id <= lastId, cancellationToken);
        List<TrajectoryPoint> rows;
        string? sql = db.Database.IsSqlite() ? Sql : db.Database.IsNpgsql() ? PostgresSql : null;
        if (sql is not null)
        {
            rows = await db.TrajectoryPoints.FromSqlRaw(sql, experimentId, SeriesDownsampler.MaxPointsPerTrace + 1, SeriesDownsampler.MaxPointsPerTrace,
                (double)BucketsPerEFold, lastId).AsNoTracking().ToListAsync(cancellationToken);
        }
        else
        {
            // Another provider: every row, downsampled here.
            rows = [.. (await points.Where(p => p.Id <= lastId).ToListAsync(cancellationToken)).GroupBy(p => (p.Configuration, p.Run))
                .SelectMany(run => { var list = run.OrderBy(p => p.Step).ToList(); return SeriesDownsampler.Keep(list.Count).Select(i => list[i]); })];
        }

        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return (rows, covered, lastId);
    }
}
