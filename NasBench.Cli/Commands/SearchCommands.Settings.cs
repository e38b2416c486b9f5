using System.CommandLine;
using NasBench.Core.Experiments;
using NasBench.Core.Experiments.Options;
using NasBench.Core.Options;

namespace NasBench.Cli.Commands;

/// <summary>The options of `search` and `compare`, one per <see cref="SearchSettings.Described"/> option (its spelling,
/// help and default), turned into a <see cref="SearchRequest"/> or <see cref="CompareRequest"/> (rules live there).</summary>
internal sealed class SearchSettingsOptions
{
    private readonly List<(RequestOption Option, Option Cli, Func<ParseResult, object?> Read)> _options = [];

    public SearchSettingsOptions()
    {
        foreach (var option in SearchSettings.Described)
        {
            var (cli, read) = Make(option.Description);
            _options.Add((option, cli, read));
        }
    }

    public Option<string> Out { get; } = new("--out") { Description = "Output folder.", DefaultValueFactory = _ => "nasbench-out" };

    /// <summary>The CLI option of the request option <paramref name="name"/> (its JSON name).</summary>
    public Option this[string name] => _options.Single(o => o.Option.Name == name).Cli;

    public void AddTo(Command command)
    {
        foreach (var (_, cli, _) in _options)
        {
            command.Options.Add(cli);
        }

        command.Options.Add(Out);
    }

    /// <summary>The value of the request option <paramref name="name"/> as parsed (its default when not given).</summary>
    public T Value<T>(ParseResult parse, string name) => (T)_options.Single(o => o.Option.Name == name).Read(parse)!;

    /// <summary>Fills the search settings of a request from the parsed options.</summary>
    public T Fill<T>(ParseResult parse, BenchmarkSourceOptions source, T request)
        where T : SearchSettings
    {
        SearchSettings filled = source.Fill(parse, request);
        foreach (var (option, _, read) in _options)
        {
            filled = option.With(filled, read(parse));
        }

        return (T)filled;
    }

    /// <summary>An <see cref="Option{T}"/> of the description's value type, with its help and default (also `data setup`'s options).</summary>
    internal static (Option Cli, Func<ParseResult, object?> Read) Make(OptionDescription description) =>
        ((Option Cli, Func<ParseResult, object?> Read))typeof(SearchSettingsOptions)
            .GetMethod(nameof(MakeTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(description.ValueType).Invoke(null, [description])!;

    private static (Option Cli, Func<ParseResult, object?> Read) MakeTyped<TValue>(OptionDescription description)
    {
        var option = new Option<TValue>(description.Cli) { Description = description.Help };
        if (description.Default is TValue value && description.Type != OptionType.Flag)
        {
            option.DefaultValueFactory = _ => value;
        }

        return (option, parse => parse.GetResult(option) is null ? description.Default : parse.GetValue(option));
    }
}
