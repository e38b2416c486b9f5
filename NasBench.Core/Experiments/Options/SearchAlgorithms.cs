using System.Reflection;
using NasBench.Core.Options;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments.Options;

/// <summary>One registered search algorithm: its name, its title, and the property of <see cref="SearchSettings"/> that
/// holds its options (whose record describes them).</summary>
public sealed class SearchAlgorithmEntry
{
    private readonly PropertyInfo _property;

    private SearchAlgorithmEntry(string name, string title, PropertyInfo property, IReadOnlyList<OptionDescription> options)
    {
        Name = name;
        Title = title;
        _property = property;
        Options = options;
    }

    /// <summary>The name of <c>--algorithm</c> and of the result files (<c>evolution</c>).</summary>
    public string Name { get; }

    /// <summary>The title a form shows (<c>Regularized evolution</c>).</summary>
    public string Title { get; }

    /// <summary>The options record's type.</summary>
    public Type OptionsType => _property.PropertyType;

    /// <summary>The property of the request that holds the options (shared by algorithms with one record: sh, hyperband).</summary>
    public string Property => _property.Name;

    /// <summary>The options this algorithm's record describes.</summary>
    public IReadOnlyList<OptionDescription> Options { get; }

    /// <summary>Registers <typeparamref name="TOptions"/>, held by the request's property <paramref name="property"/>.</summary>
    public static SearchAlgorithmEntry Of<TOptions>(string name, string title, string property)
        where TOptions : SearchAlgorithmOptions, new()
    {
        var info = typeof(SearchSettings).GetProperty(property)
            ?? throw new ArgumentException($"SearchSettings has no property {property}.", nameof(property));
        if (info.PropertyType != typeof(TOptions))
        {
            throw new ArgumentException($"SearchSettings.{property} holds {info.PropertyType.Name}, not {typeof(TOptions).Name}.", nameof(property));
        }

        return new SearchAlgorithmEntry(name, title, info, new TOptions().Descriptions);
    }

    /// <summary>The request's options of this algorithm, as given (before <see cref="SearchAlgorithmOptions.ForRun"/>).</summary>
    public SearchAlgorithmOptions Get(SearchSettings request) => (SearchAlgorithmOptions)_property.GetValue(request)!;

    /// <summary>A copy of the request with other options for this algorithm.</summary>
    public SearchSettings With(SearchSettings request, SearchAlgorithmOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        var copy = request with { };
        _property.SetValue(copy, options);
        return copy;
    }

    /// <summary>Sets the options on a request being read (only <see cref="ExperimentJson"/>, before anyone sees it).</summary>
    internal void SetWhileReading(SearchSettings request, SearchAlgorithmOptions options) => _property.SetValue(request, options);
}

/// <summary>
/// The search algorithms, one line each. <c>--algorithm</c>'s names, the request's option descriptions, the CLI's
/// options, the web form's fieldsets and the runner's factory all come from this list.
/// </summary>
/// <remarks>
/// Adding an algorithm: a folder <c>NasBench.Core/Search/&lt;Name&gt;/</c> with its implementation and its
/// <c>…SearchOptions</c> record (defaults documented, a static <c>Described</c> list of its options, <c>Create()</c>, and
/// <c>ForRun</c> where it needs the request's shared settings), a property of that record on <see cref="SearchSettings"/>,
/// and one line below. docs/ALGORITHMS.md walks through it.
/// </remarks>
public static class SearchAlgorithms
{
    /// <summary>Every algorithm, in the order help, forms and <c>--algorithm</c>'s list show them.</summary>
    public static IReadOnlyList<SearchAlgorithmEntry> All { get; } =
    [
        SearchAlgorithmEntry.Of<RandomSearchOptions>("random", "Random search", nameof(SearchSettings.Random)),
        SearchAlgorithmEntry.Of<EvolutionSearchOptions>("evolution", "Regularized evolution", nameof(SearchSettings.Evolution)),
        SearchAlgorithmEntry.Of<TreeSearchOptions>("tree", "UCB1 tree search", nameof(SearchSettings.Tree)),
        SearchAlgorithmEntry.Of<LocalSearchOptions>("local", "Local search", nameof(SearchSettings.Local)),
        SearchAlgorithmEntry.Of<HyperbandSearchOptions>("sh", "Successive halving", nameof(SearchSettings.Hyperband)),
        SearchAlgorithmEntry.Of<HyperbandSearchOptions>("hyperband", "Hyperband", nameof(SearchSettings.Hyperband)),
        SearchAlgorithmEntry.Of<BohbSearchOptions>("bohb", "BOHB", nameof(SearchSettings.Bohb)),
        SearchAlgorithmEntry.Of<ReinforceSearchOptions>("reinforce", "REINFORCE", nameof(SearchSettings.Reinforce)),
        SearchAlgorithmEntry.Of<TpeSearchOptions>("tpe", "TPE", nameof(SearchSettings.Tpe)),
        SearchAlgorithmEntry.Of<AlphaXSearchOptions>(AlphaXSearchOptions.AlgorithmName, "AlphaX (MCTS with a meta-DNN)", nameof(SearchSettings.AlphaX)),
        SearchAlgorithmEntry.Of<BananasSearchOptions>(BananasSearchOptions.AlgorithmName, "BANANAS (neural ensemble, path encoding)", nameof(SearchSettings.Bananas)),
        SearchAlgorithmEntry.Of<NpenasSearchOptions>(NpenasSearchOptions.AlgorithmName, "NPENAS (predictor-guided evolution)", nameof(SearchSettings.Npenas)),
        SearchAlgorithmEntry.Of<SmacSearchOptions>("smac", "SMAC (random-forest BO)", nameof(SearchSettings.Smac)),
    ];

    /// <summary>The names, in registration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(a => a.Name)];

    /// <summary>The algorithm named <paramref name="name"/>, or null.</summary>
    public static SearchAlgorithmEntry? Find(string name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>One entry per options property (sh and hyperband share Hyperband's), in registration order.</summary>
    public static IReadOnlyList<SearchAlgorithmEntry> Distinct { get; } = [.. All.DistinctBy(a => a.Property)];

    /// <summary>The titles of the algorithms that share <paramref name="entry"/>'s options ("Successive halving, Hyperband").</summary>
    public static string TitleOf(SearchAlgorithmEntry entry) =>
        string.Join(", ", All.Where(a => a.Property == entry.Property).Select(a => a.Title));
}
