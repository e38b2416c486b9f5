using System.Globalization;

namespace NasBench.Core.Options;

/// <summary>Collects broken rules with messages in one style: "--option must be … (got …)."</summary>
public sealed class RequestRules
{
    private readonly List<RequestError> _errors = [];

    /// <summary>The rules broken so far, in the order checked.</summary>
    public IReadOnlyList<RequestError> Errors => _errors;

    /// <summary>The CLI option of a camelCase field: <c>simulatedSeconds</c> → <c>--simulated-seconds</c>.</summary>
    public static string Option(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var text = new System.Text.StringBuilder("--");
        foreach (char c in field)
        {
            if (char.IsUpper(c))
            {
                text.Append('-').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Records a broken rule with its message as written.</summary>
    public RequestRules Fail(string field, string message)
    {
        _errors.Add(new RequestError(field, message));
        return this;
    }

    /// <summary>Requires <paramref name="value"/> (when given) to be at least <paramref name="min"/>.</summary>
    public RequestRules AtLeast(string field, long? value, long min)
    {
        if (value is { } v && v < min)
        {
            Fail(field, Inv($"{Option(field)} must be at least {min} (got {v})."));
        }

        return this;
    }

    /// <summary>
    /// Requires <paramref name="value"/> (when given) to lie in [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    public RequestRules InRange(string field, long? value, long min, long max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Fail(field, Inv($"{Option(field)} must be between {min} and {max} (got {v})."));
        }

        return this;
    }

    /// <summary>Requires <paramref name="value"/> (when given) to be positive and finite.</summary>
    public RequestRules Positive(string field, double? value)
    {
        if (value is { } v && !(v > 0 && double.IsFinite(v)))
        {
            Fail(field, Inv($"{Option(field)} must be a positive number (got {v})."));
        }

        return this;
    }

    /// <summary>
    /// Requires <paramref name="value"/> (when given) to be positive and at most <paramref name="max"/>.
    /// </summary>
    public RequestRules PositiveAtMost(string field, double? value, double max)
    {
        if (value is { } v && !(v > 0 && v <= max))
        {
            Fail(field, Inv($"{Option(field)} must be a positive number up to {max:G} (got {v})."));
        }

        return this;
    }

    /// <summary>
    /// Requires <paramref name="value"/> (when given) to lie in [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    public RequestRules InRange(string field, double? value, double min, double max)
    {
        if (value is { } v && !(v >= min && v <= max))
        {
            Fail(field, Inv($"{Option(field)} must be between {min} and {max} (got {v})."));
        }

        return this;
    }

    /// <summary>Requires <paramref name="value"/> (when given) to be one of <paramref name="allowed"/>.</summary>
    public RequestRules OneOf(string field, string? value, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Fail(field, $"Unknown {Option(field)} '{value}': use {string.Join(", ", allowed[..^1])}{(allowed.Length > 1 ? " or " : string.Empty)}{allowed[^1]}.");
        }

        return this;
    }

    /// <summary>Requires a non-empty <paramref name="value"/>.</summary>
    public RequestRules Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(field, $"{Option(field)} is required.");
        }

        return this;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
