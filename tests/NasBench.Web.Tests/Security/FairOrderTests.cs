using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NasBench.TestSupport;
using NasBench.Web.Account;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using NasBench.Web.Tests.Results;
using Xunit.Abstractions;

namespace NasBench.Web.Tests.Security;

/// <summary>The fair order between users on a shared worker (<see cref="ExperimentDispatcher"/>): a user's experiments beyond
/// NasBench:Limits:MaxRunningPerUser wait in the lab's database, so another user's one search starts before them, not after
/// all of them (issue 17: Hangfire's first-in-first-out queue let one user's twenty searches hold the only worker).</summary>
[Collection(LabCollection.Name)]
public class FairOrderTests(LabServer lab, ITestOutputHelper output)
{
    private int MaxRunning => lab.Services.GetRequiredService<IOptions<LabLimitsOptions>>().Value.MaxRunningPerUser;

    /// <summary>A's six searches cannot end while the test looks (evolution spends its whole budget, about 8 µs a query:
    /// 200 runs of 200,000 queries are minutes of CPU each); they are cancelled at the end. With two cpu worker slots and the
    /// default fair share of 2, A's first two run and four wait; B's one gets in line at once, and the slot a cancel of A's
    /// frees goes to B's, not to A's backlog; when B's ends, its slot goes to A's next at once (no slot idles while A waits).</summary>
    [Fact]
    public async Task AnotherUsersSearch_StartsBeforeTheRestOfOneUsersSix()
    {
        var (a, _) = await SecurityUsers.CreateAsync(lab, "member", "fair-a");
        var (b, _) = await SecurityUsers.CreateAsync(lab, "member", "fair-b");
        using var userA = lab.With(await SecurityUsers.TokenAsync(lab, a));
        using var userB = lab.With(await SecurityUsers.TokenAsync(lab, b));
        var mine = new List<long>();
        try
        {
            for (int seed = 0; seed < 6; seed++)
            {
                mine.Add(await LaunchAsync(userA, LongSearch(seed)));
            }

            // A's first two (the fair share, and the two slots) run; the other four wait in the lab's database.
            await Eventually.UntilAsync(() => CountAsync(mine, ExperimentStates.Running), n => n == MaxRunning, TimeSpan.FromMinutes(2),
                $"{MaxRunning} of A's searches running. {lab.RecentProblems()}");
            Assert.Equal(6 - MaxRunning, await HeldAsync(mine));
            var waiting = await userA.GetFromJsonAsync<JsonElement>($"/api/experiments/{mine[^1]}");
            Assert.Contains("NasBench:Limits:MaxRunningPerUser", waiting.GetProperty("message").GetString(), StringComparison.Ordinal);

            long theirs = await LaunchAsync(userB, new { kind = "search", algorithm = "random", queries = 1000, runs = 1, seed = 0, records = LabServer.RecordsCsv });
            // B's one is handed to Hangfire at once (B's fair share), ahead of A's backlog.
            Assert.NotEqual(ExperimentDispatcher.Held, await JobOfAsync(theirs));
            Assert.Equal(6 - MaxRunning, await HeldAsync(mine));

            // A slot frees: it goes to B's search, which was next in line (A's next is promoted too, behind B's).
            Assert.True((await userA.PostAsync(new Uri($"/api/experiments/{mine[0]}/cancel", UriKind.Relative), null)).IsSuccessStatusCode);
            var started = await WaitStartedAsync(theirs, TimeSpan.FromMinutes(2));
            await using (var db = Db())
            {
                var starts = await db.Experiments.AsNoTracking().Where(e => mine.Contains(e.Id)).OrderBy(e => e.Id).Select(e => e.StartedAt).ToListAsync();
                int before = starts.Count(s => s is { } t && t < started);
                output.WriteLine($"B's search started at {started:HH:mm:ss.fff}; A's six: {string.Join(", ", starts.Select(s => s?.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) ?? "not started"))}; " +
                    $"{before} of A's started before B's (MaxRunningPerUser {MaxRunning})");
                // First in, first out would start B's after all six of A's; fair: after A's running ones.
                Assert.Equal(MaxRunning, before);
                Assert.All(starts.Skip(MaxRunning + 1), s => Assert.Null(s));
            }

            // B's short search ends; its slot goes to A's next at once (work-conserving), and A again has two running.
            await lab.WaitForAsync(userB, theirs, TimeSpan.FromMinutes(2), "succeeded");
            await Eventually.UntilAsync(() => CountAsync(mine, ExperimentStates.Running), n => n == MaxRunning, TimeSpan.FromMinutes(2),
                $"A's next search in B's freed slot. {lab.RecentProblems()}");
            Assert.Equal(6 - MaxRunning - 1, await HeldAsync(mine));
        }
        finally
        {
            foreach (long id in mine)
            {
                await userA.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
            }
        }
    }

    [Fact]
    public async Task HeldExperiments_AreDispatchedWhenASlotFrees_AndOtherUsersAreNotHeld()
    {
        var (a, _) = await SecurityUsers.CreateAsync(lab, "member", "slot-a");
        var (b, _) = await SecurityUsers.CreateAsync(lab, "member", "slot-b");
        using var userA = lab.With(await SecurityUsers.TokenAsync(lab, a));
        using var userB = lab.With(await SecurityUsers.TokenAsync(lab, b));
        // A queue no worker serves: nothing runs, so what the dispatcher did is all there is to see.
        string queue = $"gpu-fair{Guid.NewGuid().ToString("N")[..6]}-0";
        var mine = new List<long>();
        long theirs = 0;
        try
        {
            for (int i = 0; i < MaxRunning + 2; i++)
            {
                mine.Add(await LaunchAsync(userA, Training(queue, i)));
            }

            theirs = await LaunchAsync(userB, Training(queue, 0));
            Assert.Equal(MaxRunning, await EnqueuedAsync(mine));
            Assert.Equal(1, await EnqueuedAsync([theirs]));
            long next = mine[MaxRunning];
            Assert.Equal(ExperimentDispatcher.Held, await JobOfAsync(next));

            Assert.True((await userA.PostAsync(new Uri($"/api/experiments/{mine[0]}/cancel", UriKind.Relative), null)).IsSuccessStatusCode);
            // The cancel freed A's slot: A's oldest held one now has a Hangfire job on the queue, the one after it still waits.
            Assert.Equal(MaxRunning, await EnqueuedAsync(mine.Skip(1)));
            Assert.Equal("Enqueued", State(await JobOfAsync(next)));
            Assert.Equal(ExperimentDispatcher.Held, await JobOfAsync(mine[^1]));
            var e = await userA.GetFromJsonAsync<JsonElement>($"/api/experiments/{next}");
            Assert.DoesNotContain(ExperimentDispatcher.HeldMessage, e.GetProperty("message").GetString() ?? "", StringComparison.Ordinal);
        }
        finally
        {
            foreach (long id in mine)
            {
                await userA.PostAsync(new Uri($"/api/experiments/{id}/cancel", UriKind.Relative), null);
            }

            if (theirs != 0)
            {
                await userB.PostAsync(new Uri($"/api/experiments/{theirs}/cancel", UriKind.Relative), null);
            }
        }
    }

    /// <summary>A search that runs for minutes: evolution spends its whole budget (a random search on the 30-cell records
    /// fixes its incumbent in a few dozen queries and ends 2,000,000 queries in well under a second).</summary>
    internal static object LongSearch(int seed) =>
        new { kind = "search", algorithm = "evolution", queries = 200_000, runs = 200, seed, population = 10, tournament = 3, records = LabServer.RecordsCsv };

    private async Task<int> CountAsync(IEnumerable<long> ids, string status)
    {
        await using var db = Db();
        return await db.Experiments.CountAsync(e => ids.Contains(e.Id) && e.Status == status);
    }

    private async Task<int> HeldAsync(IEnumerable<long> ids)
    {
        await using var db = Db();
        return await db.Experiments.CountAsync(e => ids.Contains(e.Id) && e.Status == ExperimentStates.Queued && e.JobId == ExperimentDispatcher.Held);
    }

    private static Dictionary<string, object> Training(string queue, int seed)
    {
        var body = Jobs.TrainingJobTests.Tiny(1);
        body["queue"] = queue;
        body["seed"] = seed;
        return body;
    }

    private static async Task<long> LaunchAsync(HttpClient client, object request)
    {
        var response = await client.PostAsync(new Uri("/api/experiments", UriKind.Relative), LabExperiments.Json(JsonSerializer.Serialize(request)));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private LabDbContext Db() => lab.Services.GetRequiredService<IDbContextFactory<LabDbContext>>().CreateDbContext();

    private async Task<string?> JobOfAsync(long id)
    {
        await using var db = Db();
        return await db.Experiments.Where(e => e.Id == id).Select(e => e.JobId).SingleAsync();
    }

    /// <summary>How many of <paramref name="ids"/> have a job waiting in Hangfire's queue.</summary>
    private async Task<int> EnqueuedAsync(IEnumerable<long> ids)
    {
        int n = 0;
        foreach (long id in ids)
        {
            n += State(await JobOfAsync(id)) == "Enqueued" ? 1 : 0;
        }

        return n;
    }

    private string? State(string? job)
    {
        if (job is null || job == ExperimentDispatcher.Held)
        {
            return null;
        }

        using var connection = lab.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(job)?.Name;
    }

    private async Task<DateTimeOffset> WaitStartedAsync(long id, TimeSpan timeout)
    {
        var started = await Eventually.UntilAsync(
            async () =>
            {
                await using var db = Db();
                return await db.Experiments.Where(e => e.Id == id).Select(e => e.StartedAt).SingleAsync();
            },
            at => at is not null, timeout, $"Experiment {id} starting", _ => $"not started. {lab.RecentProblems()}");
        return started!.Value;
    }
}
