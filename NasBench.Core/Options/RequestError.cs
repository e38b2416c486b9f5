namespace NasBench.Core.Options;

/// <summary>One broken rule of a request.</summary>
/// <param name="Field">The JSON property (camelCase CLI option name, e.g. <c>simulatedSeconds</c>).</param>
/// <param name="Message">What is wrong, naming the CLI option and the rule (<c>--runs must be at least 1 (got 0).</c>).</param>
public sealed record RequestError(string Field, string Message);

/// <summary>A request broke one or more rules; the message lists them all, one per line.</summary>
public sealed class RequestValidationException : ArgumentException
{
    /// <summary>Carries every broken rule of a request.</summary>
    public RequestValidationException(IReadOnlyList<RequestError> errors)
        : base(string.Join(Environment.NewLine, (errors ?? []).Select(e => e.Message))) => Errors = errors ?? [];

    /// <summary>A validation failure with no rule attached.</summary>
    public RequestValidationException() : this([]) { }

    /// <summary>One broken rule not tied to a field.</summary>
    public RequestValidationException(string message) : this([new RequestError(string.Empty, message)]) { }

    /// <summary>One broken rule not tied to a field, caused by <paramref name="innerException"/>.</summary>
    public RequestValidationException(string message, Exception innerException) : base(message, innerException) => Errors = [new RequestError(string.Empty, message)];

    /// <summary>
    /// The broken rules, each with its field (the CLI option's camelCase name) and the message the CLI prints.
    /// </summary>
    public IReadOnlyList<RequestError> Errors { get; }
}
