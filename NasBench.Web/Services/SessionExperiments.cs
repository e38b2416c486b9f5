using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Runners;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core.Search;
using NasBench.Web.Data;
using NasBench.Web.Jobs;
using NasBench.Web.Live;

namespace NasBench.Web.Services;

/// <summary>
/// Ask/tell sessions kept as experiments: the sessions of one user that agree on algorithm name, benchmark, protocol,
/// budget and epochs are the runs of one <c>session</c> experiment (run number = seed), recorded through the same
/// <see cref="EfResultSink"/> a search job writes with, so its page, live curve, compare page and results work unchanged.
/// </summary>
/// <remarks>
/// <code>
/// open(user, request, seed): experiment = the user's session experiment with this request and benchmark, else a new one (running)
///     log experiments/&lt;id&gt;/sessions/run-&lt;seed&gt;.log: none → "open token owner t"; open → the same session (joined); ended → 409
/// query(id): the session (in memory, else restored: its log's queries replayed into a new QuerySession of the same seed)
///     idle &gt; NasBench:Sessions:IdleMinutes, or the experiment cancelled → ended (expired | cancelled), 409
///     answer = QuerySession.Query; "query cell epochs halfway t" appended before the answer is sent
///     new incumbent → its point through the sink (the live curve); budget spent → ended (budget)
/// end(session, why): "end why t"; the run's trajectory through the sink (run completed)
///     no other open session in the experiment → trajectories.csv, aggregate.csv, the figure, status succeeded (cancelled)
/// a sweep every minute (the TimeProvider's) ends idle sessions; at start-up the open sessions of running experiments are restored
/// </code>
/// One process holds a session (role all or web with one web process); the log makes a restart continue it.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gates are SemaphoreSlims whose wait handles are never used: they hold nothing to release.")]
public sealed class SessionExperiments(
    IDbContextFactory<LabDbContext> contexts,
    BenchmarkProvider provider,
    ExperimentNotifier notifier,
    ExperimentChanges changes,
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<SessionExperiments> logger)
{
    /// <summary>Open sessions one user may hold at once (each keeps a search session in the server's memory).</summary>
    public const int MaxOpenPerUser = 50;

    private readonly ConcurrentDictionary<string, Live> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Owner, QuerySession Session, long At)> _spent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Lazy<Task<Group>>> _groups = new();
    private readonly SemaphoreSlim _opening = new(1, 1);

    /// <summary>How long a session may go without a query before it ends (NasBench:Sessions:IdleMinutes; default 60).</summary>
    public TimeSpan IdleTimeout { get; } = TimeSpan.FromMinutes(double.TryParse(configuration["NasBench:Sessions:IdleMinutes"], NumberStyles.Float, CultureInfo.InvariantCulture, out double m) && m > 0 ? m : 60);

    /// <summary>Why a call was refused: the status code and the message.</summary>
    public sealed record Refusal(int Status, string Message);

    /// <summary>An open session of a user.</summary>
    /// <param name="Session">The Core session.</param>
    /// <param name="ExperimentId">Its experiment.</param>
    /// <param name="Joined">True when an open session of this seed existed and is returned again.</param>
    public sealed record Opened(QuerySession Session, long ExperimentId, bool Joined);

    /// <summary>Opens (or joins) the session of <paramref name="seed"/> in the caller's experiment of <paramref name="request"/>.</summary>
    public async Task<(Opened? Session, Refusal? Refused)> OpenAsync(string ownerId, string owner, SessionRequest request, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var benchmark = await provider.OpenAsync(request.Source, cancellationToken: cancellationToken);
        if (!benchmark.Data.Epochs.Contains(request.Epochs))
        {
            return (null, new Refusal(400, $"The benchmark ({benchmark.Describe()}) holds no {request.Epochs}-epoch results."));
        }

        await _opening.WaitAsync(cancellationToken);
        try
        {
            long experimentId = await FindOrCreateExperimentAsync(ownerId, owner, request, benchmark);
            string log = LogPath(experimentId, seed);
            var lines = QuerySessionLog.Read(log);
            if (lines.Count > 0)
            {
                if (lines[^1].Kind == "end")
                {
                    return (null, new Refusal(409, $"Seed {seed} of experiment {experimentId} ended ({lines[^1].Reason}): open another seed."));
                }

                if (lines[0].OwnerId != ownerId)
                {
                    return (null, new Refusal(409, $"Seed {seed} of experiment {experimentId} is open elsewhere."));
                }

                var joined = await FindAsync(SessionId(experimentId, seed, lines[0].Token!), ownerId);
                return joined is null ? (null, new Refusal(409, $"Seed {seed} of experiment {experimentId} cannot be continued.")) : (new Opened(joined.Session, experimentId, true), null);
            }

            if (_open.Values.Count(s => s.OwnerId == ownerId) >= MaxOpenPerUser)
            {
                return (null, new Refusal(429, $"You have {MaxOpenPerUser} open sessions: finish one (POST /api/sessions/{{id}}/finish) before opening another."));
            }

            string token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
            var group = await GroupAsync(experimentId);
            var session = new QuerySession(SessionId(experimentId, seed, token), group.Request.Configuration(), group.Tables, seed, time);
            QuerySessionLog.Append(log, new SessionLogLine("open", Now(), Token: token, OwnerId: ownerId));
            var live = new Live(session, experimentId, ownerId, log, Now());
            _open[session.Id] = live;
            await ReportAsync(experimentId, reopened: true);
            return (new Opened(session, experimentId, false), null);
        }
        finally
        {
            _opening.Release();
        }
    }

    /// <summary>A query of the caller's session; null answer with a refusal when it is unknown (404) or ended (409).</summary>
    public async Task<(QueryOutcome? Answer, Refusal? Refused)> QueryAsync(string id, string ownerId, int[,] adjacency, IReadOnlyList<string> operations, int epochs, bool halfway)
    {
        if (await FindAsync(id, ownerId) is not { } live)
        {
            return (null, await EndedAsync(id, ownerId));
        }

        if (await ExpiredOrCancelledAsync(live) is { } why)
        {
            await EndAsync(live, why);
            return (null, new Refusal(409, $"The session ended ({why})."));
        }

        var (answer, progress, counters, exhausted) = live.Session.Query(adjacency, operations, epochs, halfway,
            cell => QuerySessionLog.Append(live.LogPath, new SessionLogLine("query", Now(), Cell: cell, Epochs: epochs, Halfway: halfway)));
        live.LastActivity = Now();
        await WritePointsAsync(live);
        if (exhausted)
        {
            await EndAsync(live, "budget");
            _spent[id] = (ownerId, live.Session, Now());
        }

        return (new QueryOutcome(live.Session, answer, progress, counters, exhausted), null);
    }

    /// <summary>The caller's session, finished now (or already ended by its budget); null when unknown.</summary>
    public async Task<QuerySession?> FinishAsync(string id, string ownerId)
    {
        if (_spent.TryGetValue(id, out var spent) && spent.Owner == ownerId && _spent.TryRemove(id, out _))
        {
            return spent.Session;
        }

        if (await FindAsync(id, ownerId) is not { } live)
        {
            return null;
        }

        await EndAsync(live, "finished");
        return live.Session;
    }

    /// <summary>Ends the sessions idle for longer than <see cref="IdleTimeout"/> or whose experiment was cancelled; returns how many.</summary>
    public async Task<int> SweepAsync()
    {
        int ended = 0;
        foreach (var live in _open.Values.ToList())
        {
            if (await ExpiredOrCancelledAsync(live) is { } why)
            {
                await EndAsync(live, why);
                ended++;
            }
        }

        long cutoff = Now() - (long)IdleTimeout.TotalMilliseconds;
        foreach (var (id, spent) in _spent)
        {
            if (spent.At < cutoff)
            {
                _spent.TryRemove(id, out _);
            }
        }

        return ended;
    }

    /// <summary>Restores the open sessions of every running session experiment (a restarted server), ending the idle ones.</summary>
    public async Task RestoreAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var running = await db.Experiments.AsNoTracking().Where(e => e.Kind == SessionRequest.SessionKind && e.Status == ExperimentStates.Running)
            .Select(e => new { e.Id, e.OwnerId }).ToListAsync(cancellationToken);
        foreach (var e in running)
        {
            string folder = Path.Combine(LabPaths.ExperimentDirectory(e.Id), "sessions");
            foreach (string log in Directory.Exists(folder) ? Directory.GetFiles(folder, "run-*.log") : [])
            {
                var lines = QuerySessionLog.Read(log);
                if (lines is [{ Kind: "open" } open, ..] && lines[^1].Kind != "end"
                    && int.TryParse(Path.GetFileNameWithoutExtension(log)["run-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int seed))
                {
                    await FindAsync(SessionId(e.Id, seed, open.Token!), open.OwnerId!);
                }
            }

            await ReportAsync(e.Id, reopened: false);
        }

        await SweepAsync();
    }

    /// <summary>The answer of a query with the session it was charged to.</summary>
    public sealed record QueryOutcome(QuerySession Session, Core.Benchmark.Query.QueryMetrics Answer, SearchProgress Progress, Core.Benchmark.Query.BudgetCounters Counters, bool Exhausted);

    private static string SessionId(long experimentId, int seed, string token) => string.Create(CultureInfo.InvariantCulture, $"{experimentId}-{seed}-{token}");

    private static string LogPath(long experimentId, int seed) =>
        Path.Combine(LabPaths.ExperimentDirectory(experimentId), "sessions", string.Create(CultureInfo.InvariantCulture, $"run-{seed}.log"));

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The live session of an id, restored from its log when this process does not hold it (a restart); null when
    /// there is none, it is another user's, or it ended.</summary>
    private async Task<Live?> FindAsync(string id, string ownerId)
    {
        if (_open.TryGetValue(id, out var live))
        {
            return live.OwnerId == ownerId ? live : null;
        }

        if (Parse(id) is not var (experimentId, seed, token))
        {
            return null;
        }

        await using (var db = await contexts.CreateDbContextAsync())
        {
            if (!await db.Experiments.AnyAsync(e => e.Id == experimentId && e.Kind == SessionRequest.SessionKind && e.OwnerId == ownerId))
            {
                return null;
            }
        }

        string log = LogPath(experimentId, seed);
        var lines = QuerySessionLog.Read(log);
        if (lines is not [{ Kind: "open" } open, ..] || open.Token != token || open.OwnerId != ownerId || lines[^1].Kind == "end")
        {
            return null;
        }

        var group = await GroupAsync(experimentId);
        lock (_open)
        {
            if (_open.TryGetValue(id, out live))
            {
                return live;
            }

            var session = new QuerySession(id, group.Request.Configuration(), group.Tables, seed, time);
            foreach (var q in lines.Where(l => l.Kind == "query"))
            {
                session.Replay(q.Cell, q.Epochs, q.Halfway);
            }

            live = new Live(session, experimentId, ownerId, log, lines[^1].At) { Written = 0 };
            _open[id] = live;
        }

        logger.LogInformation("Session {Id} restored from its log ({Queries} queries replayed)", id, lines.Count(l => l.Kind == "query"));
        await WritePointsAsync(live);    // what a crash left unwritten; the sink skips the stored steps
        if (live.Session.Exhausted)
        {
            await EndAsync(live, "budget");
            _spent[id] = (ownerId, live.Session, Now());
            return null;
        }

        return live;
    }

    private static (long Experiment, int Seed, string Token)? Parse(string id)
    {
        var parts = id.Split('-');
        return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long e)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int s) && parts[2].Length == 16 ? (e, s, parts[2]) : null;
    }

    /// <summary>Why an id names no live session: 409 when it is the caller's and ended (the reason from its log), else 404.</summary>
    private async Task<Refusal> EndedAsync(string id, string ownerId)
    {
        if (_spent.TryGetValue(id, out var spent) && spent.Owner == ownerId)
        {
            return new Refusal(409, $"The session's budget ({spent.Session.Configuration.Budget}) is spent.");
        }

        if (Parse(id) is var (experimentId, seed, token))
        {
            await using var db = await contexts.CreateDbContextAsync();
            var lines = await db.Experiments.AnyAsync(e => e.Id == experimentId && e.OwnerId == ownerId) ? QuerySessionLog.Read(LogPath(experimentId, seed)) : [];
            if (lines is [{ Kind: "open" } open, .., { Kind: "end" } end] && open.Token == token)
            {
                return new Refusal(409, $"The session ended ({end.Reason}).");
            }
        }

        return new Refusal(404, "No such session.");
    }

    private async Task<string?> ExpiredOrCancelledAsync(Live live)
    {
        if (Now() - live.LastActivity > (long)IdleTimeout.TotalMilliseconds)
        {
            return "expired";
        }

        // The experiment's Cancel button: read at most once a second per session.
        if (Now() - live.CancelCheckedAt < 1000)
        {
            return null;
        }

        live.CancelCheckedAt = Now();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Experiments.AnyAsync(e => e.Id == live.ExperimentId && e.CancelRequested) ? "cancelled" : null;
    }

    private async Task WritePointsAsync(Live live)
    {
        var trajectory = live.Session.TrajectorySoFar();
        if (trajectory.Count <= live.Written)
        {
            return;
        }

        var group = await GroupAsync(live.ExperimentId);
        await group.Sink.AddSearchPointsAsync(new RunKey(0, live.Session.Run), live.Session.Configuration.Algorithm.Name, [.. trajectory.Skip(live.Written)], CancellationToken.None);
        await group.Sink.FlushAsync(CancellationToken.None);
        live.Written = trajectory.Count;
    }

    /// <summary>Ends a session once: its log's end line, its run completed through the sink, and, when it was the
    /// experiment's last open session, the experiment's files and status.</summary>
    private async Task<SearchResult> EndAsync(Live live, string why)
    {
        if (!_open.TryRemove(live.Session.Id, out _))
        {
            return live.Session.Finish();
        }

        var result = live.Session.Finish();
        QuerySessionLog.Append(live.LogPath, new SessionLogLine("end", Now(), Reason: why));
        var group = await GroupAsync(live.ExperimentId);
        await group.Gate.WaitAsync();
        try
        {
            // A session that queried nothing has no incumbent (NaN accuracies): it is no run of the experiment.
            if (result.Final.Step > 0)
            {
                await group.Sink.CompleteSearchRunAsync(new RunKey(0, live.Session.Run), result, CancellationToken.None);
                await group.Sink.FlushAsync(CancellationToken.None);
            }

            if (!_open.Values.Any(s => s.ExperimentId == live.ExperimentId))
            {
                await WriteFilesAsync(live.ExperimentId, group, cancelled: why == "cancelled");
            }
        }
        finally
        {
            group.Gate.Release();
        }

        await ReportAsync(live.ExperimentId, reopened: false);
        logger.LogInformation("Session {Id} ended ({Why}) after {Steps} queries", live.Session.Id, why, result.Final.Step);
        return result;
    }

    /// <summary>The files a search writes (trajectories.csv, aggregate.csv, the mean-curve figure) over the experiment's
    /// ended sessions, read back from the database as the results pages read them.</summary>
    private async Task WriteFilesAsync(long experimentId, Group group, bool cancelled)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var experiment = await db.Experiments.AsNoTracking().SingleAsync(e => e.Id == experimentId);
        var completed = (await db.SearchRuns.AsNoTracking().Where(r => r.ExperimentId == experimentId && r.Completed).Select(r => r.Run).ToListAsync()).ToHashSet();
        var stored = await StoredSearchRuns.LoadAsync(db, experiment);
        var runs = stored.SelectMany(a => a.Runs).Where(r => completed.Contains(r.Run)).OrderBy(r => r.Run).ToArray();
        var notes = group.Benchmark.Notes.Append(string.Create(CultureInfo.InvariantCulture,
            $"{runs.Length} ask/tell sessions of '{group.Request.Algorithm}' (run = seed: {string.Join(", ", runs.Select(r => r.Run))}).")).ToList();
        var outcome = cancelled ? ExperimentOutcome.Cancelled(notes) : ExperimentOutcome.Succeeded(notes);
        if (runs.Length > 0)
        {
            await SearchFiles.WriteAsync(group.Sink, new SearchExperimentResult(group.Request, group.Benchmark, [runs], 0, outcome), CancellationToken.None);
        }

        await group.Sink.CompleteAsync(outcome, CancellationToken.None);
    }

    /// <summary>Status and progress: running while a session is open (re-opened by a new seed), else succeeded or cancelled.</summary>
    private async Task ReportAsync(long experimentId, bool reopened)
    {
        int open = _open.Values.Count(s => s.ExperimentId == experimentId);
        string folder = Path.Combine(LabPaths.ExperimentDirectory(experimentId), "sessions");
        int all = Directory.Exists(folder) ? Directory.GetFiles(folder, "run-*.log").Length : 0;
        var now = time.GetUtcNow();
        string message = string.Create(CultureInfo.InvariantCulture, $"{all - open} of {all} sessions ended, {open} open");
        double progress = all == 0 ? 0 : (double)(all - open) / all;
        // Through the job system's one path for state changes (ExperimentChanges), which tells the open pages.
        if (open > 0 || reopened)
        {
            await changes.UpdateAsync(experimentId, _ => true, s => s.SetProperty(e => e.Status, ExperimentStates.Running)
                .SetProperty(e => e.FinishedAt, (DateTimeOffset?)null).SetProperty(e => e.Progress, progress).SetProperty(e => e.ProgressMessage, message)
                .SetProperty(e => e.CancelRequested, false));
        }
        else
        {
            // One statement: a cancel asked meanwhile decides the final state in the same UPDATE.
            await changes.UpdateAsync(experimentId, _ => true, s => s
                .SetProperty(e => e.Status, e => e.CancelRequested ? ExperimentStates.Cancelled : ExperimentStates.Succeeded)
                .SetProperty(e => e.FinishedAt, now).SetProperty(e => e.Progress, 1.0).SetProperty(e => e.ProgressMessage, message));
        }
    }

    private async Task<long> FindOrCreateExperimentAsync(string ownerId, string owner, SessionRequest request, OpenBenchmark benchmark)
    {
        string json = ExperimentJson.Serialize(request);
        await using var db = await contexts.CreateDbContextAsync();
        long? found = await db.Experiments.AsNoTracking()
            .Where(e => e.Kind == SessionRequest.SessionKind && e.OwnerId == ownerId && e.RequestJson == json && e.BenchmarkSha256 == benchmark.Sha256)
            .OrderByDescending(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync();
        if (found is { } id)
        {
            return id;
        }

        var now = time.GetUtcNow();
        var experiment = new Experiment
        {
            Kind = SessionRequest.SessionKind,
            Name = $"ask/tell sessions of {request.Algorithm} ({request.Protocol}, {request.Budget})",
            OwnerId = ownerId,
            Owner = owner,
            Status = ExperimentStates.Running,
            RequestJson = json,
            CommandLine = request.ToCommandLine(),
            Queue = "none",
            CreatedAt = now,
            StartedAt = now,
            BenchmarkSource = benchmark.SourceFile ?? (benchmark.IsSynthetic ? $"synthetic seed {benchmark.Source.SyntheticSeed}" : benchmark.Source.Key),
            BenchmarkSha256 = benchmark.Sha256,
            Synthetic = benchmark.IsSynthetic,
            Worker = "ask/tell (POST /api/sessions)",
        };
        db.Experiments.Add(experiment);
        await db.SaveChangesAsync();
        await AuditLog.WriteAsync(contexts, owner, "launched", experiment.Id, experiment.Kind);
        return experiment.Id;
    }

    /// <summary>The experiment's request, benchmark and sink (one per experiment in this process).</summary>
    private Task<Group> GroupAsync(long experimentId) =>
        _groups.GetOrAdd(experimentId, id => new Lazy<Task<Group>>(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            var request = (SessionRequest)(await db.Experiments.AsNoTracking().SingleAsync(e => e.Id == id)).ValidRequest;
            var benchmark = await provider.OpenAsync(request.Source);
            var folder = new FolderSink(LabPaths.ExperimentDirectory(id), services.GetService<IFigureRenderer>());
            return new Group(request, benchmark, benchmark.TablesAt(request.Epochs), new EfResultSink(contexts, id, folder, notifier));
        })).Value;

    private sealed record Group(SessionRequest Request, OpenBenchmark Benchmark, BenchmarkTables Tables, EfResultSink Sink)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
    }

    private sealed class Live(QuerySession session, long experimentId, string ownerId, string logPath, long lastActivity)
    {
        public QuerySession Session { get; } = session;

        public long ExperimentId { get; } = experimentId;

        public string OwnerId { get; } = ownerId;

        public string LogPath { get; } = logPath;

        public long LastActivity { get; set; } = lastActivity;

        public long CancelCheckedAt { get; set; }

        public int Written { get; set; }
    }
}


/// <summary>Registration of the ask/tell sessions.</summary>
public static class SessionRegistration
{
    /// <summary>The sessions service and its sweeper (idle sessions end; a restart restores the open ones).</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton<SessionExperiments>();
        services.AddHostedService<SessionSweeper>();
        return services;
    }
}

/// <summary>Ends idle ask/tell sessions every minute (on the injected clock) and restores open ones at start-up.</summary>
public sealed class SessionSweeper(SessionExperiments sessions, TimeProvider time, ILogger<SessionSweeper> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Guard(() => sessions.RestoreAllAsync(stoppingToken));
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Guard(sessions.SweepAsync);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>A failed sweep (a busy database, an unreadable log) is logged and retried at the next tick.</summary>
    private async Task Guard(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(e, "Ask/tell sessions: a sweep failed; the next one retries");
        }
    }
}
