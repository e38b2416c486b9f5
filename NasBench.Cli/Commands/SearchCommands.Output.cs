using System.Globalization;
using NasBench.Cli.Plots;
using NasBench.Core.Search;

namespace NasBench.Cli.Commands;

/// <summary>The files a search or comparison writes.</summary>
internal static class SearchOutputs
{
    public static List<string> Write(string outDir, SearchResult[][] results, BenchmarkTables tables, bool compare)
    {
        var files = new List<string>();
        string trajectories = Path.Combine(outDir, "trajectories.csv");
        using (var writer = new StreamWriter(trajectories))
        {
            SearchCsv.WriteTrajectories(writer, results.SelectMany(r => r));
        }

        files.Add(trajectories);
        var axes = new[] { AggregateAxis.SimulatedSeconds, AggregateAxis.Queries, AggregateAxis.CellsExplored };
        var series = axes.SelectMany(axis => results.Select(r => SearchAggregation.Aggregate(r, axis))).ToList();
        string aggregate = Path.Combine(outDir, "aggregate.csv");
        using (var writer = new StreamWriter(aggregate))
        {
            SearchCsv.WriteAggregate(writer, series, tables.IsSynthetic);
        }

        files.Add(aggregate);
        string tag = BenchmarkSourceOptions.Tag(tables);
        var budget = results[0][0].Configuration.Budget;
        var mainAxis = budget.Queries is not null && budget.SimulatedSeconds is null ? AggregateAxis.Queries : AggregateAxis.SimulatedSeconds;
        if (!compare)
        {
            files.Add(SearchPlots.Mean(Path.Combine(outDir, "search.png"), series.Where(s => s.Axis == mainAxis).ToList(), tag));
            return files;
        }

        files.Add(SearchPlots.Runs(Path.Combine(outDir, "compare_by_time.png"), results, AggregateAxis.SimulatedSeconds, tag));
        files.Add(SearchPlots.Runs(Path.Combine(outDir, "compare_by_cells.png"), results, AggregateAxis.CellsExplored, tag));
        files.Add(SearchPlots.Mean(Path.Combine(outDir, "compare_mean.png"), series.Where(s => s.Axis == mainAxis).ToList(), tag));
        string table = Path.Combine(outDir, "summary.txt");
        using (var writer = new StreamWriter(table))
        {
            SearchSummary.Print(writer, results, tables, double.NaN);
        }

        files.Add(table);
        return files;
    }
}

/// <summary>The summary table: one line per algorithm, means over runs.</summary>
internal static class SearchSummary
{
    public static void Print(TextWriter output, SearchResult[][] results, BenchmarkTables tables, double wallSeconds)
    {
        var c = results[0][0].Configuration;
        output.WriteLine($"benchmark: {BenchmarkSourceOptions.Describe(tables)}");
        output.WriteLine($"budget: {c.Budget}; protocol {SearchProtocols.Name(c.Protocol)}; {results[0].Length} runs from seed {c.Seed}"
            + (double.IsNaN(wallSeconds) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; wall time {wallSeconds:F2} s")));
        output.WriteLine($"{"algorithm",-10} {"final test (mean ± sd)",-24} {"test regret",12} {"cells explored",15} {"queries",12} {"queries/s",12}  data");
        foreach (var runs in results)
        {
            var tests = runs.Select(r => r.Final.IncumbentMeanTestAccuracy).ToArray();
            double mean = tests.Average();
            double sd = tests.Length > 1 ? Math.Sqrt(tests.Sum(t => (t - mean) * (t - mean)) / (tests.Length - 1)) : 0;
            double qps = runs.Sum(r => r.Final.Step) / runs.Sum(r => r.Final.WallClockSeconds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{runs[0].Algorithm,-10} {$"{mean:F5} ± {sd:F5}",-24} {runs.Average(r => r.Final.TestRegret),12:F5} {runs.Average(r => r.Final.CellsExplored),15:F0} {runs.Average(r => r.Final.Step),12:F0} {qps,12:N0}  {BenchmarkSourceOptions.Tag(tables)}"));
        }
    }
}
