using System.Globalization;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Options;

/// <summary>How an option is typed in: the CLI's argument type and the web form's input.</summary>
public enum OptionType
{
    /// <summary>A whole number.</summary>
    WholeNumber,

    /// <summary>A floating-point number.</summary>
    Number,

    /// <summary>A switch: present (true) or absent (false).</summary>
    Flag,

    /// <summary>One of <see cref="OptionDescription.Choices"/>.</summary>
    Choice,

    /// <summary>Free text.</summary>
    Text,
}

/// <summary>
/// One option of a request, described once: its JSON name, CLI spelling, help, form label, default, rule and choices.
/// The CLI builds its options from these, <c>Validate()</c> checks their rules, <c>ToCommandLine()</c> prints the ones
/// that differ from their defaults, the JSON reads and writes them and the web form renders a field per description.
/// </summary>
/// <remarks>
/// An option lives on an <em>owner</em>: the request itself (shared options such as <c>runs</c>) or one algorithm's
/// options record (<c>population</c> on <c>EvolutionSearchOptions</c>). <c>Experiments.Options.RequestOption</c> binds a description
/// to the request; the typed <see cref="OptionDescription{TOwner, T}"/> is what a record declares.
/// </remarks>
public abstract class OptionDescription
{
    /// <summary>Describes an option named <paramref name="name"/> (camelCase; the CLI spelling derives from it).</summary>
    protected OptionDescription(string name, string help, string label)
    {
        Name = name;
        Help = help;
        Label = label;
    }

    /// <summary>The JSON property (camelCase): <c>mutationRate</c>.</summary>
    public string Name { get; }

    /// <summary>The CLI option: <c>--mutation-rate</c> (<see cref="RequestRules.Option"/> of <see cref="Name"/>).</summary>
    public string Cli => RequestRules.Option(Name);

    /// <summary>The CLI's help text.</summary>
    public string Help { get; }

    /// <summary>The web form's label.</summary>
    public string Label { get; }

    /// <summary>The allowed values as typed (null: any value the rule accepts).</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The form's placeholder (null: none).</summary>
    public string? Hint { get; init; }

    /// <summary>When true, JSON leaves the option out while it has its default: options added after requests were
    /// first stored, so a request that does not use them is written as before (and older readers still read it).</summary>
    public bool OmitWhenDefault { get; init; }

    /// <summary>The CLR type of the value (<c>int</c>, <c>double?</c>, <c>bool</c>, an enum, <c>string</c>).</summary>
    public abstract Type ValueType { get; }

    /// <summary>The owner type: the request or an algorithm's options record.</summary>
    public abstract Type OwnerType { get; }

    /// <summary>The default value (the owner's own initialiser).</summary>
    public abstract object? Default { get; }

    /// <summary>How the value is typed in.</summary>
    public OptionType Type => Choices is not null ? OptionType.Choice
        : (Nullable.GetUnderlyingType(ValueType) ?? ValueType) switch
        {
            var t when t == typeof(bool) => OptionType.Flag,
            var t when t == typeof(int) || t == typeof(long) => OptionType.WholeNumber,
            var t when t == typeof(double) => OptionType.Number,
            _ => OptionType.Text,
        };

    /// <summary>The value on <paramref name="owner"/>.</summary>
    public abstract object? Get(object owner);

    /// <summary>A copy of <paramref name="owner"/> with the value set.</summary>
    public abstract object With(object owner, object? value);

    /// <summary>The broken rule's message ("--x must be …"), or null.</summary>
    public abstract string? Check(object owner);

    /// <summary>The value as the command line writes it: invariant numbers (round-trip), sampler names, quoted text.</summary>
    public static string Format(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        CellDistribution c => CellDistributions.Name(c),
        string s => CommandLine.Quote(s),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? string.Empty,
    };

    /// <summary>The command-line argument when the value differs from the default (<c>--population 100</c>,
    /// <c>--expand-all-ops</c>), else null.</summary>
    public string? Argument(object owner)
    {
        object? value = Get(owner);
        return Equals(value, Default) || value is null ? null
            : value is true ? Cli
            : $"{Cli} {Format(value)}";
    }
}

/// <summary>An option of <typeparamref name="TOwner"/> with a value of type <typeparamref name="T"/>.</summary>
/// <typeparam name="TOwner">The request (shared options) or an algorithm's options record.</typeparam>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class OptionDescription<TOwner, T> : OptionDescription
    where TOwner : class
{
    private readonly Func<TOwner, T> _get;
    private readonly Func<TOwner, T, TOwner> _with;
    private readonly Func<string, TOwner, T, string?>? _rule;
    private readonly T _default;

    /// <summary>Describes an option; <paramref name="defaults"/> is an owner with every default (the default is read from it).</summary>
    /// <param name="name">The JSON name (camelCase).</param>
    /// <param name="help">The CLI's help.</param>
    /// <param name="label">The form's label.</param>
    /// <param name="defaults">An owner holding the defaults.</param>
    /// <param name="get">Reads the value.</param>
    /// <param name="with">Copies the owner with a value.</param>
    /// <param name="rule">(JSON name, owner, value) → message of the broken rule or null; see <see cref="OptionRules"/>.</param>
    public OptionDescription(string name, string help, string label, TOwner defaults, Func<TOwner, T> get, Func<TOwner, T, TOwner> with,
        Func<string, TOwner, T, string?>? rule = null)
        : base(name, help, label)
    {
        ArgumentNullException.ThrowIfNull(get);
        _get = get;
        _with = with;
        _rule = rule;
        _default = get(defaults);
    }

    /// <inheritdoc/>
    public override Type ValueType => typeof(T);

    /// <inheritdoc/>
    public override Type OwnerType => typeof(TOwner);

    /// <inheritdoc/>
    public override object? Default => _default;

    /// <inheritdoc/>
    public override object? Get(object owner) => _get((TOwner)owner);

    /// <inheritdoc/>
    public override object With(object owner, object? value) => _with((TOwner)owner, (T)value!);

    /// <inheritdoc/>
    public override string? Check(object owner) => _rule?.Invoke(Name, (TOwner)owner, _get((TOwner)owner));
}
