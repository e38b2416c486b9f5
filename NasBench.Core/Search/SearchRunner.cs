namespace NasBench.Core.Search;

/// <summary>Runs searches: one run, or several seeds in parallel on all cores with identical results.</summary>
public static class SearchRunner
{
    /// <summary>Runs run number <paramref name="run"/> of a configuration (seed = configuration seed + run).</summary>
    public static SearchResult Run(SearchConfiguration configuration, BenchmarkTables tables, int run = 0,
        ISearchObserver? observer = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(tables);
        configuration.Algorithm.Validate();
        var random = new Random(configuration.Seed + run);
        var benchmark = new SearchBenchmark(tables, configuration.Protocol, configuration.Budget, random, time, observer);
        configuration.Algorithm.Create().Run(benchmark, random);
        benchmark.Finish();
        return new SearchResult(configuration, run, tables.IsSynthetic, [.. benchmark.Trajectory]);
    }

    /// <summary>
    /// Runs <paramref name="runs"/> seeds (Parallel.For when <paramref name="parallel"/>); each run owns its random
    /// source, so the results do not depend on scheduling. <paramref name="runDone"/> is called (from any thread)
    /// after each run.
    /// </summary>
    public static SearchResult[] RunMany(SearchConfiguration configuration, BenchmarkTables tables, int runs,
        bool parallel = true, Action<SearchResult>? runDone = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        configuration.Algorithm.Validate();
        configuration.Budget.Validate();
        var results = new SearchResult[runs];
        if (parallel)
        {
            Parallel.For(0, runs, r =>
            {
                results[r] = Run(configuration, tables, r, time: time);
                runDone?.Invoke(results[r]);
            });
        }
        else
        {
            for (int r = 0; r < runs; r++)
            {
                results[r] = Run(configuration, tables, r, time: time);
                runDone?.Invoke(results[r]);
            }
        }

        return results;
    }

    /// <summary>
    /// Runs <paramref name="runs"/> seeds of every configuration as one parallel batch (better load balance than one
    /// configuration at a time); results[c][r] is run r of configuration c, identical to a sequential run.
    /// </summary>
    public static SearchResult[][] RunAll(IReadOnlyList<SearchConfiguration> configurations, BenchmarkTables tables, int runs,
        Action<SearchResult>? runDone = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var results = new SearchResult[configurations.Count][];
        for (int c = 0; c < results.Length; c++)
        {
            configurations[c].Algorithm.Validate();
            configurations[c].Budget.Validate();
            results[c] = new SearchResult[runs];
        }

        Parallel.For(0, configurations.Count * runs, job =>
        {
            int c = job / runs, r = job % runs;
            results[c][r] = Run(configurations[c], tables, r, time: time);
            runDone?.Invoke(results[c][r]);
        });
        return results;
    }
}
