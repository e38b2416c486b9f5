using System.Text.Json.Serialization;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.SearchSpace;
using NasBench.Training.Experiments;
using NasBench.Training.Proxies;

namespace NasBench.Training.Advisor;

/// <summary>
/// <c>nasbench study advise</c> (kind <c>advise</c>): which NAS-Bench-101 cells to train on a new image dataset. Builds a
/// candidate pool (the top cells by CIFAR-10 accuracy and a uniform sample), scores it with the zero-cost proxies on the
/// new data, trains a few cells that span the pool for a short schedule, fits how CIFAR-10 accuracy, the proxies and the
/// short trainings predict each other, and recommends the cells to train fully.
/// </summary>
/// <remarks>
/// The shared training options describe the short trainings and the proxies' network: dataset (built-in, or an ImageFolder
/// layout train/ and val/ through <c>--dataset imagenette --data-dir DIR</c>), epochs (the short schedule), recipe, learning
/// rate, batch size, image counts, network shape, device, threads, seed. The output folder is the sink's.
/// </remarks>
public sealed record AdviseRequest : TrainingRequestBase
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override string Kind => ExperimentKinds.Advise;

    /// <summary>The pool's best cells by CIFAR-10 validation accuracy at 108 epochs (mean of 3). The default value is 50.</summary>
    public int Top { get; init; } = 50;

    /// <summary>The pool's uniform sample of the other cells, drawn by the seed. The default value is 50.</summary>
    public int Uniform { get; init; } = 50;

    /// <summary>The benchmark store of the CIFAR-10 accuracies; null is the default store. The default value is null.</summary>
    public string? Store { get; init; }

    /// <summary>A cells file to build the pool from instead of the store (metrics_30k.csv, the seed paper's CSV); null: the store. The default value is null.</summary>
    public string? Cells { get; init; }

    /// <summary>The cells file's CIFAR-10 accuracy column (validation_accuracy_108, cifar_acc_108). The default value is validation_accuracy_108.</summary>
    public string ReferenceColumn { get; init; } = CellSelection.StoreColumn;

    /// <summary>Comma-separated proxies (<see cref="ProxyNames.All"/>); null is all of them. The default value is null.</summary>
    public string? Proxies { get; init; }

    /// <summary>Images of the proxies' one batch. The default value is 64.</summary>
    public int ProxyBatch { get; init; } = ProxiesRequest.DefaultBatchSize;

    /// <summary>The budget: short trainings of cells that span the pool (at least 3: the fit needs three pairs). The default value is 8.</summary>
    public int Trainings { get; init; } = 8;

    /// <summary>Cells to recommend. The default value is 5.</summary>
    public int Recommend { get; init; } = 5;

    /// <summary>After recommending, train this many recommended and this many random pool cells the same way and compare (0: no check). The default value is 0.</summary>
    public int Check { get; init; }

    /// <summary>Bootstrap resamples of the CIs. The default value is 1000.</summary>
    public int Bootstrap { get; init; } = 1000;

    /// <summary>The proxies asked for, in canonical order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ProxyList => ProxyNames.Parse(Proxies);

    /// <summary>The proxy the trainings are spread over besides CIFAR-10 accuracy: synflow when scored, else the first.</summary>
    [JsonIgnore]
    public string SpanProxy => ProxyList.Contains(ProxyNames.Synflow) ? ProxyNames.Synflow : ProxyList[0];

    /// <summary>Which cells make the pool.</summary>
    [JsonIgnore]
    public CellSelection Selection => new(Cells, Store, Top, Uniform > 0 ? Uniform : null, null, Cells is null ? null : ReferenceColumn, Seed);

    /// <summary>The column of the pool's CIFAR-10 accuracy.</summary>
    [JsonIgnore]
    public string Reference => Cells is null ? CellSelection.StoreColumn : ReferenceColumn;

    /// <summary>The full training of a recommended cell (what "train these" launches): this dataset, the recipe's own epochs,
    /// NAS-Bench-101's network size, the GPU queue, the same seed.</summary>
    public TrainingRequest FullTraining(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TrainingRequest
        {
            Adjacency = spec.AdjacencyString, Operations = spec.OperationsString, Dataset = Dataset, DataDir = DataDir, Recipe = Recipe, Queue = "gpu",
            Device = "auto", Seed = Seed, ImagenettePrefix = ImagenettePrefix,
        };
    }

    /// <inheritdoc/>
    public override IReadOnlyList<RequestError> Validate()
    {
        var rules = new RequestRules();
        rules.InRange("top", Top, 0, 100_000);
        rules.InRange("uniform", Uniform, 0, 100_000);
        if (Top + Uniform < 3)
        {
            rules.Fail("top", "The pool needs at least 3 cells: raise --top or --uniform.");
        }

        rules.InRange("trainings", Trainings, 3, 10_000);
        rules.InRange("recommend", Recommend, 1, 10_000);
        rules.InRange("check", Check, 0, 10_000);
        rules.InRange("proxyBatch", ProxyBatch, 2, 65_536);
        rules.InRange("bootstrap", Bootstrap, 1, 1_000_000);
        if (Trainings > Top + Uniform)
        {
            rules.Fail("trainings", Inv($"--trainings {Trainings} is more than the pool's {Top + Uniform} cells."));
        }

        if (Cells is not null && !File.Exists(Cells))
        {
            rules.Fail("cells", $"--cells '{Cells}' does not exist.");
        }

        if (Cells is not null && Store is not null)
        {
            rules.Fail("store", "--store and --cells both name the pool's source: give one of them.");
        }

        try
        {
            _ = ProxyNames.Parse(Proxies);
        }
        catch (ArgumentException e)
        {
            rules.Fail("proxies", "--proxies: " + e.Message);
        }

        ValidateTraining(rules);
        return rules.Errors;
    }

    /// <inheritdoc/>
    public override string ToCommandLine() => CommandLine.Join("study advise",
    [
        Top != 50 ? Inv($"--top {Top}") : null,
        Uniform != 50 ? Inv($"--uniform {Uniform}") : null,
        Store is not null ? $"--store {CommandLine.Quote(Store)}" : null,
        Cells is not null ? $"--cells {CommandLine.Quote(Cells)}" : null,
        ReferenceColumn != CellSelection.StoreColumn ? $"--reference-column {CommandLine.Quote(ReferenceColumn)}" : null,
        Proxies is not null ? $"--proxies {CommandLine.Quote(Proxies)}" : null,
        ProxyBatch != ProxiesRequest.DefaultBatchSize ? Inv($"--proxy-batch {ProxyBatch}") : null,
        Trainings != 8 ? Inv($"--trainings {Trainings}") : null,
        Recommend != 5 ? Inv($"--recommend {Recommend}") : null,
        Check != 0 ? Inv($"--check {Check}") : null,
        Bootstrap != 1000 ? Inv($"--bootstrap {Bootstrap}") : null,
        .. TrainingArguments(),
    ]);
}
