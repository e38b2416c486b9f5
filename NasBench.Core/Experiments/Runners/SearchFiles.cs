using System.Globalization;
using System.Text;
using NasBench.Core.Benchmark.Query;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments.Runners;

/// <summary>
/// The files of a search (trajectories.csv, aggregate.csv, search figure) and of a comparison (the same CSVs, the
/// seed paper's three figures, summary.txt), written into any sink: the CLI's folder and the lab server get the
/// same bytes.
/// </summary>
public static class SearchFiles
{
    private static readonly AggregateAxis[] Axes = [AggregateAxis.SimulatedSeconds, AggregateAxis.Queries, AggregateAxis.CellsExplored];

    /// <summary>
    /// Writes the search files (trajectories, aggregates, summary, figures) of <paramref name="result"/> into <paramref name="sink"/>.
    /// </summary>
    public static async Task WriteAsync(IResultSink sink, SearchExperimentResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(result);
        var runs = result.Finished;
        var tables = result.Benchmark.TablesAt(result.Request.Epochs);
        using (var text = new StringWriter(CultureInfo.InvariantCulture))
        {
            SearchCsv.WriteTrajectories(text, runs.SelectMany(r => r));
            await sink.AddArtifactAsync(Artifact.Text("trajectories.csv", text.ToString()), cancellationToken).ConfigureAwait(false);
        }

        var series = Axes.SelectMany(axis => runs.Select(r => SearchAggregation.Aggregate(r, axis))).ToList();
        using (var text = new StringWriter(CultureInfo.InvariantCulture))
        {
            SearchCsv.WriteAggregate(text, series, tables.IsSynthetic);
            await sink.AddArtifactAsync(Artifact.Text("aggregate.csv", text.ToString()), cancellationToken).ConfigureAwait(false);
        }

        var budget = result.Request.Budget;
        var main = budget.Queries is not null && budget.SimulatedSeconds is null ? AggregateAxis.Queries : AggregateAxis.SimulatedSeconds;
        bool regret = result.Request.Plot != "accuracy";
        var notes = FigureNotes(result.Benchmark, regret);
        string tag = result.Benchmark.Tag;
        if (result.Request is CompareRequest)
        {
            await sink.AddFigureAsync(SearchFigures.Runs("compare_by_time", runs, AggregateAxis.SimulatedSeconds, regret, tables, tag) with { Notes = notes }, cancellationToken).ConfigureAwait(false);
            await sink.AddFigureAsync(SearchFigures.Runs("compare_by_cells", runs, AggregateAxis.CellsExplored, regret, tables, tag) with { Notes = notes }, cancellationToken).ConfigureAwait(false);
            await sink.AddFigureAsync(SearchFigures.Mean("compare_mean", series.Where(s => s.Axis == main).ToList(), runs, regret, tables, tag) with { Notes = notes }, cancellationToken).ConfigureAwait(false);
            await sink.AddArtifactAsync(Artifact.Text("summary.txt", Summary(result, includeWallTime: false)), cancellationToken).ConfigureAwait(false);
            await WriteComparisonAsync(sink, result, runs, tables.IsSynthetic, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await sink.AddFigureAsync(SearchFigures.Mean("search", series.Where(s => s.Axis == main).ToList(), runs, regret, tables, tag) with { Notes = notes }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteComparisonAsync(IResultSink sink, SearchExperimentResult result, SearchResult[][] runs, bool synthetic, CancellationToken cancellationToken)
    {
        var (rows, pairs) = ComparisonTable.Compute(runs);
        var protocol = SearchProtocols.Parse(result.Request.Protocol);
        string caption = $"{result.Benchmark.Tag}: {SearchProtocols.Title(protocol)}, {result.Request.Budget}, {result.Request.Runs} runs.";
        await sink.AddArtifactAsync(Artifact.Text("comparison.csv", ComparisonTable.Csv(rows, SearchProtocols.Name(protocol), synthetic)), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text("comparison_pairs.csv", ComparisonTable.PairsCsv(pairs)), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text("comparison.tex", ComparisonTable.Latex(rows, caption)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The table the CLI prints: one line per algorithm, means over runs.</summary>
    public static string Summary(SearchExperimentResult result, bool includeWallTime)
    {
        ArgumentNullException.ThrowIfNull(result);
        var runs = result.Finished;
        var text = new StringBuilder();
        var c = runs[0][0].Configuration;
        text.Append(CultureInfo.InvariantCulture, $"benchmark: {result.Benchmark.Describe()}\n");
        text.Append(CultureInfo.InvariantCulture, $"budget: {c.Budget}; protocol {SearchProtocols.Name(c.Protocol)}; {runs[0].Length} runs from seed {c.Seed}")
            .Append(includeWallTime ? string.Create(CultureInfo.InvariantCulture, $"; wall time {result.WallSeconds:F2} s") : string.Empty).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{"algorithm",-10} {"final test (mean ± sd)",-24} {"test regret",12} {"cells explored",15} {"queries",12} {"queries/s",12}  data\n");
        foreach (var group in runs)
        {
            var tests = group.Select(r => r.Final.IncumbentMeanTestAccuracy).ToArray();
            double mean = tests.Average();
            double sd = tests.Length > 1 ? Math.Sqrt(tests.Sum(t => (t - mean) * (t - mean)) / (tests.Length - 1)) : 0;
            double qps = group.Sum(r => r.Final.Step) / group.Sum(r => r.Final.WallClockSeconds);
            text.Append(CultureInfo.InvariantCulture,
                $"{group[0].Algorithm,-10} {$"{mean:F5} ± {sd:F5}",-24} {group.Average(r => r.Final.TestRegret),12:F5} {group.Average(r => r.Final.CellsExplored),15:F0} {group.Average(r => r.Final.Step),12:F0} {(includeWallTime ? qps.ToString("N0", CultureInfo.InvariantCulture) : "-"),12}  {result.Benchmark.Tag}\n");
        }

        return text.ToString();
    }

    /// <summary>Notes about the runs themselves: a search that spent its budget re-querying few cells says so.</summary>
    public static IReadOnlyList<string> Notes(SearchResult?[][] results, BenchmarkTables tables)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(tables);
        var notes = new List<string>();
        foreach (var group in results)
        {
            var done = group.Where(r => r is not null).Select(r => r!).ToArray();
            if (done.Length == 0)
            {
                continue;
            }

            foreach (var early in done.Where(r => r.End != SearchEnd.BudgetSpent).GroupBy(r => r.End))
            {
                notes.Add(EarlyEndNote(early.ToArray(), done.Length));
            }

            double cells = done.Average(r => r.Final.CellsExplored);
            double queries = done.Average(r => r.Final.Step);
            if (queries >= 100 && cells / queries < 0.05)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{done[0].Algorithm}: spent its budget re-querying the same cells ({cells:F0} distinct cells in {queries:F0} queries on average; the benchmark holds {tables.Held.Count:N0})."));
            }
        }

        return notes;
    }

    /// <summary>Ending early is a result: say how many runs ended so, after how many queries, and why.</summary>
    private static string EarlyEndNote(SearchResult[] early, int runs)
    {
        var first = early[0];
        string what = first.End == SearchEnd.AllCellsKnown ? "nothing left to query" : "unable to spend its budget";
        return string.Create(CultureInfo.InvariantCulture,
            $"{first.Algorithm}: {early.Length} of {runs} runs ended before the budget ({first.Configuration.Budget}), {what}: {first.EndNote} (after {early.Average(r => r.Final.Step):N0} queries and {early.Average(r => r.Final.CellsExplored):N0} distinct cells on average).");
    }

    private static List<string> FigureNotes(OpenBenchmark benchmark, bool regret)
    {
        var notes = new List<string>
        {
            "Incumbent: the best validation accuracy so far. Plotted: its mean test accuracy over the 3 repeats" + (regret ? ", as regret (best mean test accuracy of the benchmark minus it)." : "."),
            "A curve can move the wrong way when a new incumbent validates better but tests worse.",
            "A mean and its band start where every run has an incumbent.",
        };
        if (regret)
        {
            notes.Add("Zero regret (the best cell found) is drawn at the bottom of the axis.");
        }

        if (benchmark.IsSynthetic)
        {
            notes.Add("SYNTHETIC benchmark: not NAS-Bench-101 results.");
        }

        return notes;
    }
}
