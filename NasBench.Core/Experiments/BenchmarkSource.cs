using NasBench.Core.Options;

namespace NasBench.Core.Experiments;

/// <summary>Where an experiment's benchmark data comes from: exactly one of a store file, a CSV of records, or a synthetic seed.</summary>
/// <param name="Store">An imported store (null with neither of the others: the default store).</param>
/// <param name="Records">A CSV of complete 108-epoch records held in memory (the layout of records_30_models_108.csv).</param>
/// <param name="SyntheticSeed">A full-size SYNTHETIC benchmark generated in memory from this seed (the same benchmark
/// <c>nasbench data synth --seed S</c> writes).</param>
public sealed record BenchmarkSource(string? Store = null, string? Records = null, int? SyntheticSeed = null)
{
    /// <summary>The default store (<c>$NASBENCH_STORE</c>, nasbench.json, or the data folder's nasbench.nbstore).</summary>
    public static BenchmarkSource Default { get; } = new();

    /// <summary>True when this source generates a synthetic benchmark instead of reading NAS-Bench-101 results.</summary>
    public bool IsSynthetic => SyntheticSeed is not null;

    /// <summary>A key that identifies the data (the provider caches one open benchmark per key).</summary>
    public string Key => SyntheticSeed is { } s ? $"synthetic:{s}" : Records is { } r ? $"records:{Path.GetFullPath(r)}" : $"store:{Path.GetFullPath(NasBenchPaths.ResolveStore(Store))}";
}

/// <summary>The benchmark options every benchmark experiment shares (the CLI's <c>--store</c>, <c>--records</c>, <c>--synthetic</c>, <c>--synthetic-seed</c>).</summary>
public abstract record BenchmarkRequest : ExperimentRequest
{
    /// <summary>Path of an imported store. The default value is null (the default store).</summary>
    public string? Store { get; init; }

    /// <summary>A CSV of complete 108-epoch records held in memory. The default value is null.</summary>
    public string? Records { get; init; }

    /// <summary>Use a full-size SYNTHETIC benchmark generated in memory. The default value is false.</summary>
    public bool Synthetic { get; init; }

    /// <summary>Seed of the synthetic benchmark. The default value is 0.</summary>
    public int SyntheticSeed { get; init; }

    /// <summary>The data source these options name.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public BenchmarkSource Source => Synthetic ? new BenchmarkSource(SyntheticSeed: SyntheticSeed) : new BenchmarkSource(Store, Records);

    /// <summary>Checks that at most one source is named.</summary>
    protected void ValidateSource(RequestRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if ((Store is not null ? 1 : 0) + (Records is not null ? 1 : 0) + (Synthetic ? 1 : 0) > 1)
        {
            rules.Fail(Store is not null ? "store" : "records", "Give only one of --store, --records and --synthetic.");
        }
    }

    /// <summary>The source options as command-line arguments (empty for the default store).</summary>
    protected IEnumerable<string> SourceArguments()
    {
        if (Store is not null)
        {
            yield return $"--store {CommandLine.Quote(Store)}";
        }

        if (Records is not null)
        {
            yield return $"--records {CommandLine.Quote(Records)}";
        }

        if (Synthetic)
        {
            yield return "--synthetic";
            if (SyntheticSeed != 0)
            {
                yield return $"--synthetic-seed {SyntheticSeed}";
            }
        }
    }
}
