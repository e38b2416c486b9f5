using NasBench.Core.Options;
using NasBench.Core.Search;

namespace NasBench.Core.Experiments;

/// <summary>
/// The experiment of ask/tell sessions (<c>POST /api/sessions</c>): one remote algorithm under one protocol, budget and
/// benchmark; each session is one of its runs, run number = the session's seed. The sessions of one user that agree on
/// every option here are the runs of one experiment, so their seeds give the bands and intervals a search's runs give.
/// </summary>
/// <remarks>A session with seed s draws its repeats (nb101) from the stream of run s of a search seeded 0:
/// <see cref="SeedStreams.Create"/>(0, s, <see cref="StreamPurpose.QueryRepeat"/>).</remarks>
public sealed record SessionRequest : SearchSettings
{
    /// <summary>The experiment kind of ask/tell sessions.</summary>
    public const string SessionKind = NasBench.Core.Experiments.ExperimentKinds.Session;

    /// <summary>The largest seed (the run number) of a session.</summary>
    public const int MaxSeed = 1_000_000;

    /// <inheritdoc/>
    public override string Kind => SessionKind;

    /// <summary>The name of the remote algorithm (1 to 64 characters). The default value is null (required).</summary>
    public string? Algorithm { get; init; }

    /// <inheritdoc/>
    [System.Text.Json.Serialization.JsonIgnore]
    public override IReadOnlyList<string> AlgorithmList => [Algorithm ?? string.Empty];

    /// <summary>The configuration of every session of this experiment (their runs differ by run number only).</summary>
    public SearchConfiguration Configuration() =>
        new(new ExternalAlgorithmOptions(Algorithm ?? string.Empty), Budget, SearchProtocols.Parse(Protocol), Seed, Epochs);

    /// <inheritdoc/>
    protected override void ValidateAlgorithms(RequestRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (string.IsNullOrWhiteSpace(Algorithm) || Algorithm.Length > 64)
        {
            rules.Fail("algorithm", "\"algorithm\" names your algorithm (1 to 64 characters).");
        }

        if (Queries is null && SimulatedSeconds is null)
        {
            rules.Fail("budget", "Give \"queries\" and/or \"simulatedSeconds\", positive.");
        }

        if (WallclockSeconds is not null)
        {
            rules.Fail("wallclockSeconds", "A session's budget is queries and/or simulated seconds (its wall clock is the client's).");
        }
    }

    /// <inheritdoc/>
    public override string ToCommandLine() =>
        $"POST /api/sessions {ExperimentJson.Serialize(this)} (ask/tell: no CLI command runs a remote algorithm)";
}
