using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NasBench.Web.Data;
using NasBench.Web.Tests.Results;

namespace NasBench.Web.Tests.Postgres;

/// <summary>Where SQLite and PostgreSQL differ by default (LIKE's case, string order, DateTimeOffset storage), the lab
/// answers the same on both.</summary>
public abstract class DatabaseParityTests(LabServer lab)
{
    [Fact]
    public async Task TheServer_UsesTheDatabaseItWasGiven()
    {
        await using var db = await lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContextAsync();
        Assert.Equal(lab.Database == "postgres", db.Database.IsNpgsql());
        Assert.Equal(lab.Database == "sqlite", db.Database.IsSqlite());
    }

    [Fact]
    public async Task ResultsTextSearch_IgnoresAsciiCase_AndMatchesWildcardsLiterally()
    {
        long id = await LabExperiments.SearchAsync(lab, lab.MemberToken, runs: 1, queries: 50);
        using var member = lab.With(lab.MemberToken);
        string tag = "p" + Guid.NewGuid().ToString("N")[..6];
        string title = $"Parity {tag} CIFAR_100% check";
        var published = await member.PostAsync(new Uri($"/api/experiments/{id}/publish", UriKind.Relative),
            LabApi.Json(JsonSerializer.Serialize(new { title, note = "Mixed Case Note", tags = new[] { tag } })));
        published.EnsureSuccessStatusCode();
        using var viewer = lab.With(lab.ViewerToken);
        async Task<int> Count(string q) =>
            (await viewer.GetFromJsonAsync<JsonElement>($"/api/results?tag={tag}&q={Uri.EscapeDataString(q)}")).GetProperty("total").GetInt32();

        Assert.Equal(1, await Count("parity " + tag.ToUpperInvariant()));
        Assert.Equal(1, await Count("cifar_100%"));
        Assert.Equal(1, await Count("MIXED case"));
        // _ and % are literal: "CIFARx100" would match an unescaped "CIFAR_100", "C%check" an unescaped "%".
        Assert.Equal(0, await Count("cifarx100"));
        Assert.Equal(0, await Count("c%check"));
    }

    [Fact]
    public async Task Strings_SortByteWise_AndTimesKeepTheirInstant()
    {
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        string stem = "sort-" + Guid.NewGuid().ToString("N")[..6];
        var created = new DateTimeOffset(2026, 12, 1, 12, 30, 0, TimeSpan.FromHours(2));
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var admin = await db.Users.AsNoTracking().SingleAsync(u => u.Email == LabServer.AdminEmail);
            foreach (string name in new[] { "b", "B", "a", "_" })
            {
                db.Experiments.Add(new Experiment { Kind = "search", Name = stem + name, Owner = admin.Email!, OwnerId = admin.Id,
                    Status = ExperimentStates.Succeeded, RequestJson = "{}", CommandLine = "nasbench search", CreatedAt = created });
            }

            await db.SaveChangesAsync();
        }

        await using var read = await contexts.CreateDbContextAsync();
        var rows = await read.Experiments.AsNoTracking().Where(e => e.Name.StartsWith(stem)).OrderBy(e => e.Name).ToListAsync();
        // Byte order, as SQLite's BINARY collation: "B" (0x42) < "_" (0x5F) < "a" < "b"; a linguistic collation would differ.
        Assert.Equal(["B", "_", "a", "b"], rows.Select(r => r.Name[stem.Length..]));
        // The same instant on both (SQLite's binary form keeps the offset, PostgreSQL's timestamptz returns it in UTC).
        Assert.All(rows, r => Assert.Equal(created.UtcDateTime, r.CreatedAt.UtcDateTime));
        Assert.Equal(4, await read.Experiments.CountAsync(e => e.Name.StartsWith(stem) && e.CreatedAt > created.AddSeconds(-1) && e.CreatedAt < created.AddSeconds(1)));
    }

    [Fact]
    public async Task PresetGroupAndRerunLineage_AreStoredAndReadAlike_AndOutliveTheirSource()
    {
        // The seed-paper preset's studies on the 30 records (the comparison left out: this is about rows, not curves).
        var launcher = lab.Services.GetRequiredService<NasBench.Web.Jobs.ExperimentLauncher>();
        var contexts = lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>();
        var preset = NasBench.Core.Experiments.ExperimentPresets.Of(NasBench.Core.Experiments.ExperimentPresets.SeedPaper,
            new NasBench.Core.Experiments.BenchmarkSource(Records: LabServer.RecordsCsv), NasBench.Core.Experiments.ExperimentJson.KnownKinds);
        string memberId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            memberId = (await db.Users.AsNoTracking().SingleAsync(u => u.Email == LabServer.MemberEmail)).Id;
        }

        var result = await NasBench.Web.Services.PresetLaunch.LaunchAsync(preset, [.. preset.Parts.Where(p => p.Request.Kind != "compare" && !p.Optional)],
            launcher, contexts, memberId, LabServer.MemberEmail, TimeProvider.System);
        Assert.Null(result.Refused);
        Assert.Empty(result.Errors);
        long group = Assert.IsType<long>(result.GroupId);
        long rerun = await launcher.LaunchAsync(preset.Parts[1].Request, memberId, LabServer.MemberEmail, "again", rerunOf: result.Launched[0]);

        await using (var db = await contexts.CreateDbContextAsync())
        {
            Assert.Equal(result.Launched, await db.Experiments.Where(e => e.GroupId == group).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
            Assert.Equal(result.Launched[0], (await db.Experiments.SingleAsync(e => e.Id == rerun)).RerunOf);
            Assert.Equal(NasBench.Core.Experiments.ExperimentPresets.SeedPaper, (await db.ExperimentGroups.SingleAsync(g => g.Id == group)).Preset);
        }

        using var member = lab.With(lab.MemberToken);
        foreach (long id in result.Launched.Append(rerun))
        {
            await lab.WaitForAsync(member, id, TimeSpan.FromSeconds(60), "succeeded", "failed", "cancelled");
        }

        // Deleting the source (as the database would, e.g. an admin's clean-up) unlinks the re-run instead of refusing.
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Experiments.Where(e => e.Id == result.Launched[0]).ExecuteDeleteAsync();
            Assert.Null((await db.Experiments.AsNoTracking().SingleAsync(e => e.Id == rerun)).RerunOf);
        }
    }
}

/// <summary><see cref="DatabaseParityTests"/> on SQLite.</summary>
[Collection(LabCollection.Name)]
public sealed class DatabaseParitySqliteTests(LabServer lab) : DatabaseParityTests(lab);

/// <summary><see cref="DatabaseParityTests"/> on PostgreSQL.</summary>
[Collection(PostgresLabCollection.Name)]
public sealed class DatabaseParityPostgresTests(PostgresLabServer lab) : DatabaseParityTests(lab);
