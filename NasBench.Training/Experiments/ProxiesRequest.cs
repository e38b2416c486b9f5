using System.Text.Json.Serialization;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Training.Proxies;

namespace NasBench.Training.Experiments;

/// <summary>
/// <c>nasbench study proxies</c> (kind <c>proxies</c>): the zero-cost proxies of a list of cells on the exact
/// NAS-Bench-101 network, one batch of the dataset, and each proxy's rank correlation with an accuracy: a column of the
/// cells file (<see cref="AgainstColumn"/>), or, for cells chosen from the store (<see cref="Top"/>, <see cref="Uniform"/>,
/// <see cref="Hashes"/>), CIFAR-10 validation accuracy at 108 epochs (mean of the 3 repeats).
/// </summary>
/// <remarks>
/// Of the shared training options, the dataset (the batch), batch size (default 64, zero-cost-nas's), device, queue,
/// threads, seed (weights and batch) and the network shape (a reduced one for speed) apply; epochs, recipe and learning
/// rate do not. The output folder (the CLI's <c>--out</c>) is the sink's, not part of the request.
/// </remarks>
public sealed record ProxiesRequest : TrainingRequestBase
{
    /// <summary>The batch size when none is given (zero-cost-nas's CIFAR-10 batch).</summary>
    public const int DefaultBatchSize = 64;

    /// <inheritdoc/>
    [JsonIgnore]
    public override string Kind => ExperimentKinds.Proxies;

    /// <summary>The cells file (see <see cref="CellListFile"/>): hashes, or a CSV/TSV with hash, raw_adjacency + raw_operations, or cell;
    /// null: the cells come from the store (<see cref="Top"/>, <see cref="Uniform"/>, <see cref="Hashes"/>). The default value is null.</summary>
    public string? Cells { get; init; }

    /// <summary>The N best cells by CIFAR-10 validation accuracy at 108 epochs (from a cells file: by <see cref="AgainstColumn"/>); null: none. The default value is null.</summary>
    public int? Top { get; init; }

    /// <summary>M other cells drawn uniformly by the seed; null: none. The default value is null.</summary>
    public int? Uniform { get; init; }

    /// <summary>Comma-separated hashes of cells to score as well; null: none. The default value is null.</summary>
    public string? Hashes { get; init; }

    /// <summary>The benchmark store the cells are chosen from when there is no cells file; null is the default store. The default value is null.</summary>
    public string? Store { get; init; }

    /// <summary>Comma-separated proxies (<see cref="ProxyNames.All"/>); null is all of them. The default value is null.</summary>
    public string? Proxies { get; init; }

    /// <summary>Score only this many of the file's distinct cells, drawn uniformly by the seed; null is all. The default value is null.</summary>
    public int? Limit { get; init; }

    /// <summary>A numeric column of the cells file to correlate every proxy with (validation_accuracy_108, mnist_test_acc); null: none. The default value is null.</summary>
    public string? AgainstColumn { get; init; }

    /// <summary>Bootstrap resamples of the correlation CIs. The default value is 1000.</summary>
    public int Bootstrap { get; init; } = 1000;

    /// <summary>Compute each proxy on its own (no shared passes) and write its seconds to timings.csv. The default value is false.</summary>
    public bool Timed { get; init; }

    /// <summary>The column the proxies are correlated with: <see cref="AgainstColumn"/>, or the store's CIFAR-10 accuracy when the cells come from the store.</summary>
    [JsonIgnore]
    public string? Against => Cells is null ? CellSelection.StoreColumn : AgainstColumn;

    /// <summary>Which cells are scored.</summary>
    [JsonIgnore]
    public CellSelection Selection => new(Cells, Store, Top, Uniform, Hashes, AgainstColumn, Seed);

    /// <summary>The proxies asked for, in canonical order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ProxyList => ProxyNames.Parse(Proxies);

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        if (Cells is null && !Selection.Narrowed)
        {
            rules.Fail("cells", "Say which cells: --cells FILE (hashes, or a CSV/TSV with hash, cell, or raw_adjacency and raw_operations), or --top N, --uniform M or --hashes from the store.");
        }
        else if (Cells is not null && (string.IsNullOrWhiteSpace(Cells) || !File.Exists(Cells)))
        {
            rules.Fail("cells", $"--cells '{Cells}' does not exist.");
        }

        try
        {
            _ = ProxyNames.Parse(Proxies);
        }
        catch (ArgumentException e)
        {
            rules.Fail("proxies", "--proxies: " + e.Message);
        }

        rules.InRange("limit", Limit, 1, 1_000_000);
        rules.InRange("top", Top, 1, 1_000_000);
        rules.InRange("uniform", Uniform, 1, 1_000_000);
        if (Limit is not null && Selection.Narrowed)
        {
            rules.Fail("limit", "--limit samples a cells file; with --top, --uniform or --hashes leave it out (--uniform is the sample).");
        }

        if (Cells is not null && Top is not null && AgainstColumn is null)
        {
            rules.Fail("top", "--top ranks a cells file's cells by --against-column: name the accuracy column.");
        }

        if (Store is not null && Cells is not null)
        {
            rules.Fail("store", "--store chooses cells from a benchmark store; with --cells the file says which cells: give one of them.");
        }

        foreach (string hash in Selection.HashList.Where(h => !NasBench.Core.SearchSpace.CellHash.TryParse(h, out _)))
        {
            rules.Fail("hashes", $"--hashes: '{hash}' is not a cell hash (32 hexadecimal digits).");
        }

        rules.InRange("bootstrap", Bootstrap, 1, 1_000_000); // the same rule as study correlate's
        ValidateTraining(rules);
        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("study proxies",
    [
        Cells is not null ? $"--cells {CommandLine.Quote(Cells)}" : null,
        Top is { } top ? Inv($"--top {top}") : null,
        Uniform is { } uniform ? Inv($"--uniform {uniform}") : null,
        Hashes is not null ? $"--hashes {CommandLine.Quote(Hashes)}" : null,
        Store is not null ? $"--store {CommandLine.Quote(Store)}" : null,
        Proxies is not null ? $"--proxies {CommandLine.Quote(Proxies)}" : null,
        Limit is { } limit ? Inv($"--limit {limit}") : null,
        AgainstColumn is not null ? $"--against-column {CommandLine.Quote(AgainstColumn)}" : null,
        Bootstrap != 1000 ? Inv($"--bootstrap {Bootstrap}") : null,
        Timed ? "--timed" : null,
        .. TrainingArguments(),
    ]);
}
