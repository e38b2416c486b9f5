using System.Globalization;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;
using NasBench.Core.Studies.Advisor;

namespace NasBench.Training.Proxies;

/// <summary>Which cells a proxies run or the advisor scores: a cells file, or the store, narrowed by top N, a uniform sample and hashes.</summary>
/// <param name="Cells">The cells file (<see cref="CellListFile"/>); null: the benchmark store.</param>
/// <param name="Store">The store (null: the default one); read only when <paramref name="Cells"/> is null.</param>
/// <param name="Top">The N best by the reference accuracy; null: none.</param>
/// <param name="Uniform">M others drawn uniformly by the seed; null: none.</param>
/// <param name="Hashes">Comma-separated hashes to add; null: none.</param>
/// <param name="Reference">The reference accuracy column of the cells file; from a store it is <see cref="StoreColumn"/>.</param>
/// <param name="Seed">Seed of the uniform sample.</param>
public sealed record CellSelection(string? Cells, string? Store, int? Top, int? Uniform, string? Hashes, string? Reference, int Seed)
{
    /// <summary>The column name of a store's reference accuracy: CIFAR-10 validation accuracy at 108 epochs, mean of the 3 repeats.</summary>
    public const string StoreColumn = "validation_accuracy_108";

    /// <summary>True when top, uniform or hashes narrow the candidates.</summary>
    public bool Narrowed => Top is not null || Uniform is not null || Hashes is not null;

    /// <summary>The hashes, split and trimmed.</summary>
    public IReadOnlyList<string> HashList => (Hashes ?? string.Empty).Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The selected cells (values: the file's columns, or <see cref="StoreColumn"/>), how each came in, and a note that says how they were chosen.</summary>
    public async Task<(IReadOnlyList<ListedCell> Cells, IReadOnlyList<PoolSource> Sources, string Note, bool Synthetic)> SelectAsync(
        BenchmarkProvider? provider, Func<CellIndex> space, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (Cells is not null)
        {
            var listed = CellListFile.Read(Cells, space);
            if (!Narrowed)
            {
                return (listed, [.. listed.Select(_ => PoolSource.Listed)], Inv($"{listed.Count} cells of {Path.GetFileName(Cells)}."), false);
            }

            if (Top is not null && (Reference is null || !listed.Any(c => c.Values.ContainsKey(Reference))))
            {
                throw new RequestValidationException(new RequestRules().Fail("top", $"--top ranks the file's cells by --against-column, and no row of '{Cells}' has a number in {Reference ?? "(none given)"}.").Errors);
            }

            var accuracy = listed.Select(c => Reference is not null && c.Values.TryGetValue(Reference, out double v) ? v : double.NaN).ToList();
            var position = listed.Select((c, i) => (c.Spec.Hash.ToString(), i)).ToDictionary(p => p.Item1, p => p.i);
            var wanted = HashList.Select(h => position.TryGetValue(h, out int i) ? i : throw new RequestValidationException(new RequestRules().Fail("hashes", $"The cell {h} is not in '{Cells}'.").Errors)).ToList();
            var picks = CandidatePool.Select(accuracy, Top ?? 0, Uniform ?? 0, Seed, wanted);
            return ([.. picks.Select(p => listed[p.Position])], [.. picks.Select(p => p.Source)], Describe(Path.GetFileName(Cells), Reference), false);
        }

        ArgumentNullException.ThrowIfNull(provider);
        var benchmark = await provider.OpenAsync(new BenchmarkSource(Store), progress, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<PoolCell> pool;
        try
        {
            pool = CandidatePool.FromStore(benchmark.Data, Top ?? 0, Uniform ?? 0, Seed, HashList);
        }
        catch (ArgumentException e)
        {
            throw new RequestValidationException(new RequestRules().Fail("uniform", e.Message).Errors);
        }

        var data = benchmark.Data;
        var cells = pool.Select(p => new ListedCell(ModelSpec.FromCell(data.Space.Cell(p.Position)), new Dictionary<string, double> { [StoreColumn] = p.Accuracy })).ToList();
        string store = benchmark.SourceFile is { } f ? Path.GetFileName(f) : "the store";
        return (cells, [.. pool.Select(p => p.Source)], Describe(store + (data.IsSynthetic ? " (SYNTHETIC)" : ""), "CIFAR-10 validation accuracy at 108 epochs, mean of 3 repeats"), data.IsSynthetic);
    }

    private string Describe(string from, string? by) => Inv($"Cells from {from}:")
        + (Top is { } t ? Inv($" the top {t} by {by}") : "")
        + (Hashes is not null ? Inv($"{(Top is null ? "" : ",")} {HashList.Count} listed") : "")
        + (Uniform is { } u ? Inv($"{(Top is null && Hashes is null ? "" : ",")} {u} drawn uniformly (seed {Seed})") : "") + ".";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
