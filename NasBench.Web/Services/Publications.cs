using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasBench.Web.Data;

namespace NasBench.Web.Services;

/// <summary>The filters of the results list (the API's query string and the page's).</summary>
public sealed record ResultsFilter(string? Kind = null, string? Dataset = null, string? Algorithm = null, string? Owner = null, string? Tag = null, string? Q = null);

/// <summary>One card of the results page.</summary>
public sealed record ResultEntry(long Id, long ExperimentId, string Title, string Note, IReadOnlyList<string> Tags, string Kind, string Dataset,
    string Algorithm, string Owner, string Publisher, DateTimeOffset PublishedAt, DateTimeOffset CreatedAt, string Benchmark, PublicationFacts Facts,
    IReadOnlyList<ChartSeries> Chart, string Url);

/// <summary>The lab's results: published experiments, listed and (re-)published (GET /api/results, the results page).</summary>
public static class Publications
{
    /// <summary>One page of results, newest first: one indexed query on Publications plus a count.</summary>
    public static async Task<Page<ResultEntry>> ListAsync(IDbContextFactory<LabDbContext> contexts, ResultsFilter filter, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync();
        var query = db.Publications().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Kind)) query = query.Where(p => p.Kind == filter.Kind);
        string dataset = filter.Dataset?.Trim().ToLowerInvariant() ?? "";
        string tag = "," + (filter.Tag?.Trim().ToLowerInvariant() ?? "") + ",";
        if (dataset.Length > 0) query = query.Where(p => p.Dataset == dataset);
        if (!string.IsNullOrWhiteSpace(filter.Owner)) query = query.Where(p => p.Owner == filter.Owner);
        if (!string.IsNullOrWhiteSpace(filter.Algorithm)) query = query.Where(p => ("," + p.Algorithm + ",").Contains("," + filter.Algorithm + ","));
        if (!string.IsNullOrWhiteSpace(filter.Tag)) query = query.Where(p => p.Tags.Contains(tag));
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            // Case-insensitive (ASCII) on both databases: LIKE on SQLite, ILIKE on PostgreSQL.
            query = query.Containing(db.Database, filter.Q.Trim(), p => p.Title, p => p.Note, p => p.Owner);
        }

        int total = await query.CountAsync();
        var rows = await query.OrderByDescending(p => p.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 100)).ToListAsync();
        return new Page<ResultEntry>(total, [.. rows.Select(Entry)]);
    }

    /// <summary>A publication as a card of the results page.</summary>
    public static ResultEntry Entry(Publication p) => new(p.Id, p.ExperimentId, p.Title, p.Note, [.. p.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries)],
        p.Kind, p.Dataset, p.Algorithm, p.Owner, p.Publisher, p.PublishedAt, p.ExperimentCreatedAt, p.Synthetic ? "SYNTHETIC" : "official",
        JsonSerializer.Deserialize<PublicationFacts>(p.FactsJson, JsonSerializerOptions.Web) ?? new PublicationFacts(),
        JsonSerializer.Deserialize<List<ChartSeries>>(p.ChartJson, JsonSerializerOptions.Web) ?? [], $"/experiments/{p.ExperimentId}");

    /// <summary>Publishes (or re-publishes, refreshing its numbers) an experiment.</summary>
    public static async Task<Publication> PublishAsync(LabDbContext db, Experiment e, string title, string note, IEnumerable<string> tags, string publisherId, string publisher)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(e);
        var (facts, chart) = await PublicationBuilder.BuildAsync(db, e);
        var p = await db.Publications().SingleOrDefaultAsync(x => x.ExperimentId == e.Id);
        if (p is null)
        {
            p = new Publication { ExperimentId = e.Id, Title = title, PublisherId = publisherId, Publisher = publisher, Kind = e.Kind, Dataset = "", Owner = e.Owner };
            db.Publications().Add(p);
        }

        p.Title = title;
        p.Note = note;
        p.Tags = "," + string.Join(',', tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0 && !t.Contains(',', StringComparison.Ordinal)).Distinct()) + ",";
        p.PublisherId = publisherId;
        p.Publisher = publisher;
        p.PublishedAt = DateTimeOffset.UtcNow;
        p.Dataset = PublicationBuilder.DatasetOf(e);
        p.Algorithm = PublicationBuilder.AlgorithmOf(e);
        p.Synthetic = e.Synthetic;
        p.ExperimentCreatedAt = e.CreatedAt;
        p.FactsJson = JsonSerializer.Serialize(facts, JsonSerializerOptions.Web);
        p.ChartJson = JsonSerializer.Serialize(chart, JsonSerializerOptions.Web);
        await db.SaveChangesAsync();
        return p;
    }
}
