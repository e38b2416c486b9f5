using System.Globalization;

namespace NasBench.Core.Options;

/// <summary>The usual rules of an <see cref="OptionDescription{TOwner, T}"/>, with <see cref="RequestRules"/>' messages
/// ("--runs must be between 1 and 10000 (got 0).").</summary>
public static class OptionRules
{
    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Func<string, TOwner, int, string?> Between<TOwner>(long min, long max) =>
        (name, _, v) => First(new RequestRules().InRange(name, v, min, max));

    /// <summary>A whole number (when given) in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Func<string, TOwner, long?, string?> BetweenOrNull<TOwner>(long min, long max) =>
        (name, _, v) => First(new RequestRules().InRange(name, v, min, max));

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>] (NaN fails).</summary>
    public static Func<string, TOwner, double, string?> Between<TOwner>(double min, double max) =>
        (name, _, v) => First(new RequestRules().InRange(name, v, min, max));

    /// <summary>A number in (<paramref name="min"/>, <paramref name="max"/>] (NaN fails).</summary>
    public static Func<string, TOwner, double, string?> Above<TOwner>(double min, double max) =>
        (name, _, v) => v > min && v <= max ? null : Inv($"{RequestRules.Option(name)} must be in ({min}, {max}] (got {v}).");

    /// <summary>A positive number (when given) up to <paramref name="max"/>.</summary>
    public static Func<string, TOwner, double?, string?> PositiveAtMost<TOwner>(double max) =>
        (name, _, v) => First(new RequestRules().PositiveAtMost(name, v, max));

    /// <summary>One of <paramref name="allowed"/> (null, as JSON may give, is refused as missing).</summary>
    public static Func<string, TOwner, string, string?> OneOf<TOwner>(params string[] allowed) =>
        (name, _, v) => First(new RequestRules().Required(name, v).OneOf(name, v, allowed));

    /// <summary>Formats with the invariant culture.</summary>
    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string? First(RequestRules rules) => rules.Errors.Count > 0 ? rules.Errors[0].Message : null;
}
