using System.Text.Json.Serialization;
using NasBench.Core.Options;

namespace NasBench.Core.Experiments;

/// <summary>
/// What one experiment does: the same value whether it comes from the CLI's options, a web form or an API body.
/// Immutable and JSON-serialisable (the discriminator is <c>kind</c>, property names are the CLI's long options in
/// camelCase: <c>--simulated-seconds</c> → <c>simulatedSeconds</c>). Defaults, presets and validation live here and
/// nowhere else.
/// </summary>
/// <remarks>
/// Kinds are the CLI commands: <c>search</c>, <c>compare</c>, <c>distance</c>, <c>cells</c>, <c>correlate</c> (Core) and
/// <c>training</c>, <c>transfer</c> (NasBench.Training). Serialise with <see cref="ExperimentJson"/>, which knows every
/// kind registered with <see cref="ExperimentJson.Register{TRequest}"/>.
/// </remarks>
public abstract record ExperimentRequest
{
    /// <summary>The discriminator: the CLI command this request is (<c>search</c>, <c>training</c>, …).</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>Every broken rule, each naming its field; empty when the request can run.</summary>
    /// <remarks>Messages name the CLI option (<c>--runs must be at least 1 (got 0).</c>): the CLI prints them as they are,
    /// the web shows them beside the field <see cref="RequestError.Field"/> names.</remarks>
    public abstract IReadOnlyList<RequestError> Validate();

    /// <summary>Throws <see cref="RequestValidationException"/> with every broken rule when <see cref="Validate"/> finds any.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    /// <summary>The equivalent command line (`nasbench search --algorithm evolution …`), options that differ from the defaults only.</summary>
    public abstract string ToCommandLine();
}
