using System.Text.Json.Serialization;
using NasBench.Core.Experiments;
using NasBench.Training.Proxies;

namespace NasBench.Training.Experiments;

/// <summary>
/// <c>nasbench study proxies</c> (kind <c>proxies</c>): the zero-cost proxies of a list of cells on the exact
/// NAS-Bench-101 network, one batch of the dataset, and, with <see cref="AgainstColumn"/>, each proxy's rank
/// correlation with an accuracy column of the cells file.
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
    public override string Kind => TrainingExperiments.ProxiesKind;

    /// <summary>The cells file (see <see cref="CellListFile"/>): hashes, or a CSV/TSV with hash, raw_adjacency + raw_operations, or cell. Required.</summary>
    public string Cells { get; init; } = string.Empty;

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

    /// <summary>The proxies asked for, in canonical order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ProxyList => ProxyNames.Parse(Proxies);

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        if (string.IsNullOrWhiteSpace(Cells))
        {
            rules.Fail("cells", "--cells is required: a file of hashes, or a CSV/TSV with hash, cell, or raw_adjacency and raw_operations.");
        }
        else if (!File.Exists(Cells))
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
        rules.InRange("bootstrap", Bootstrap, 1, 1_000_000); // the same rule as study correlate's
        ValidateTraining(rules);
        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("study proxies",
    [
        $"--cells {CommandLine.Quote(Cells)}",
        Proxies is not null ? $"--proxies {CommandLine.Quote(Proxies)}" : null,
        Limit is { } limit ? Inv($"--limit {limit}") : null,
        AgainstColumn is not null ? $"--against-column {CommandLine.Quote(AgainstColumn)}" : null,
        Bootstrap != 1000 ? Inv($"--bootstrap {Bootstrap}") : null,
        Timed ? "--timed" : null,
        .. TrainingArguments(),
    ]);
}
