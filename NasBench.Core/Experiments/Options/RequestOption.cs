using NasBench.Core.Options;

namespace NasBench.Core.Experiments.Options;

/// <summary>An option as the request sees it: a description and where its owner is (the request itself, or the
/// options of <see cref="Algorithm"/>). <see cref="SearchSettings.Described"/> lists them all.</summary>
/// <param name="Description">The option.</param>
/// <param name="Algorithm">The algorithm whose options hold it; null for a shared option.</param>
public sealed record RequestOption(OptionDescription Description, SearchAlgorithmEntry? Algorithm)
{
    /// <summary>The JSON name (<c>population</c>).</summary>
    public string Name => Description.Name;

    /// <summary>The owner of the value on <paramref name="request"/>.</summary>
    public object Owner(SearchSettings request) => Algorithm is { } a ? a.Get(request) : request;

    /// <summary>The value on <paramref name="request"/>.</summary>
    public object? Get(SearchSettings request) => Description.Get(Owner(request));

    /// <summary>A copy of the request with the value set.</summary>
    public SearchSettings With(SearchSettings request, object? value) => Algorithm is { } a
        ? a.With(request, (Search.SearchAlgorithmOptions)Description.With(a.Get(request), value))
        : (SearchSettings)Description.With(request, value);

    /// <summary>The broken rule's message, or null.</summary>
    public string? Check(SearchSettings request) => Description.Check(Owner(request));

    /// <summary>The argument when the value differs from its default, else null.</summary>
    public string? Argument(SearchSettings request) => Description.Argument(Owner(request));

    /// <summary>Whether the option matters for a request running <paramref name="algorithms"/> (shared options always do).</summary>
    public bool AppliesTo(IReadOnlyList<string> algorithms) =>
        Algorithm is not { } a || SearchAlgorithms.All.Any(e => e.Property == a.Property && algorithms.Contains(e.Name));
}
