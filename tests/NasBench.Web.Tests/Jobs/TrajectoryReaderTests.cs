using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Web.Data;
using NasBench.Web.Live;

namespace NasBench.Web.Tests.Jobs;

/// <summary>The chart's read of a stored trajectory on the lab's database (SQLite; PostgreSQL in a derived class): a short run comes back whole, a run of
/// 30,000 points as at most 2,000 (its first steps, one per log-step bucket after them, its last point).</summary>
[Collection(LabCollection.Name)]
public class TrajectoryReaderTests(LabServer lab, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task ShortRunsWhole_LongRunsDownsampled_InSql()
    {
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        long id = await AddSearchAsync(db, "trajectory reader", runs: 2);
        // Run 0: 50 points, steps 0, 7, 14, …; run 1: 30,000 points, steps 0 … 29,999.
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 29999)
                INSERT INTO TrajectoryPoints (ExperimentId, Configuration, Run, Step, CellsExplored, SimulatedSeconds, WallClockSeconds, IncumbentHash,
                    ValidationAccuracy, TestAccuracy, MeanTestAccuracy, TestRegret)
                SELECT {0}, 0, r, CASE r WHEN 0 THEN i * 7 ELSE i END, i, i * 100.0, 0, '00000000000000000000000000000000', 0.9, 0.9, 0.9, 0.05
                FROM n CROSS JOIN (SELECT 0 AS r UNION ALL SELECT 1) WHERE r = 1 OR i < 50
                """, id);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "TrajectoryPoints" ("ExperimentId", "Configuration", "Run", "Step", "CellsExplored", "SimulatedSeconds", "WallClockSeconds", "IncumbentHash",
                    "ValidationAccuracy", "TestAccuracy", "MeanTestAccuracy", "TestRegret")
                SELECT {0}, 0, r, CASE r WHEN 0 THEN i * 7 ELSE i END, i, i * 100.0, 0, '00000000000000000000000000000000', 0.9, 0.9, 0.9, 0.05
                FROM generate_series(0, 29999) AS g(i) CROSS JOIN (VALUES (0), (1)) AS t(r) WHERE t.r = 1 OR g.i < 50 ORDER BY t.r, g.i
                """, id);
        }

        var (rows, covered, lastId) = await TrajectoryReader.ReadAsync(db, id);
        Assert.Equal(30_050, covered);
        Assert.Equal(await db.TrajectoryPoints.Where(p => p.ExperimentId == id).MaxAsync(p => p.Id), lastId);
        Assert.Equal(rows.OrderBy(p => p.Id).Select(p => p.Id), rows.Select(p => p.Id));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i * 7), rows.Where(p => p.Run == 0).Select(p => p.Step));
        var steps = rows.Where(p => p.Run == 1).Select(p => p.Step).ToList();
        Assert.InRange(steps.Count, 500, SeriesDownsampler.MaxPointsPerTrace);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), steps.Take(60)); // a bucket is under one step there
        Assert.Equal(29_999, steps[^1]);
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First < p.Second));
        // Log spacing: the gaps grow with the step (about step / 80).
        Assert.InRange(steps.Zip(steps.Skip(1)).Last(p => p.Second < 29_999).Second - steps.Zip(steps.Skip(1)).Last(p => p.Second < 29_999).First, 200, 500);
    }
    /// <summary>The read of a 1,000,000-point experiment (10 runs × 100,000 steps) on this database: median and p95 of 10
    /// reads after one warm-up. A measurement (NASBENCH_WEB_BENCH=1); the SQLite and PostgreSQL classes both run it.</summary>
    [ChildProcesses.BenchFact]
    public async Task Bench_AMillionPoints()
    {
        const int Runs = 10, Steps = 100_000;
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        long id = await AddSearchAsync(db, "a million points", Runs);
        var insert = System.Diagnostics.Stopwatch.StartNew();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite()
            ? """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999), r(r) AS (SELECT 0 UNION ALL SELECT r + 1 FROM r WHERE r < 9)
                INSERT INTO TrajectoryPoints (ExperimentId, Configuration, Run, Step, CellsExplored, SimulatedSeconds, WallClockSeconds, IncumbentHash,
                    ValidationAccuracy, TestAccuracy, MeanTestAccuracy, TestRegret)
                SELECT {0}, 0, r, i, i, i * 100.0, 0, '00000000000000000000000000000000', 0.9, 0.9, 0.9, 0.05 FROM r CROSS JOIN n ORDER BY r, i
                """
            : """
                INSERT INTO "TrajectoryPoints" ("ExperimentId", "Configuration", "Run", "Step", "CellsExplored", "SimulatedSeconds", "WallClockSeconds", "IncumbentHash",
                    "ValidationAccuracy", "TestAccuracy", "MeanTestAccuracy", "TestRegret")
                SELECT {0}, 0, r, i, i, i * 100.0, 0, '00000000000000000000000000000000', 0.9, 0.9, 0.9, 0.05
                FROM generate_series(0, 9) AS t(r) CROSS JOIN generate_series(0, 99999) AS g(i) ORDER BY r, i
                """, id);
        output.WriteLine($"{db.Database.ProviderName}: inserted {Runs * Steps:N0} points in {insert.Elapsed.TotalSeconds:F1} s");
        if (!db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("""ANALYZE "TrajectoryPoints" """);
        }

        var times = new List<double>();
        int drawn = 0;
        for (int i = 0; i <= 10; i++)
        {
            await using var read = await contexts.CreateDbContextAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (rows, covered, _) = await TrajectoryReader.ReadAsync(read, id);
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            Assert.Equal(Runs * Steps, covered);
            drawn = rows.Count;
        }

        times.Sort();
        output.WriteLine($"read of {Runs * Steps:N0} points ({drawn:N0} drawn): median {times[times.Count / 2]:F1} ms, p95 {times[(int)(0.95 * (times.Count - 1))]:F1} ms, min {times[0]:F1} ms");
    }

    /// <summary>A finished search experiment with <paramref name="runs"/> random-search runs and no points yet; its id.</summary>
    private static async Task<long> AddSearchAsync(LabDbContext db, string name, int runs)
    {
        var owner = await db.Users.FirstAsync();
        var experiment = new Experiment
        {
            Kind = "search", Name = name, OwnerId = owner.Id, Owner = owner.Email!, Status = ExperimentStates.Succeeded,
            RequestJson = """{"kind":"search"}""", CommandLine = "nasbench search", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Experiments.Add(experiment);
        await db.SaveChangesAsync();
        db.SearchRuns.AddRange(Enumerable.Range(0, runs).Select(r => new SearchRun { ExperimentId = experiment.Id, Configuration = 0, Run = r, Algorithm = "random" }));
        await db.SaveChangesAsync();
        return experiment.Id;
    }
}
