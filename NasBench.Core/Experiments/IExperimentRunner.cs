using NasBench.Core.Progress;

namespace NasBench.Core.Experiments;

/// <summary>
/// Runs one kind of experiment: validates the request, does the work with the token checked at every step (a search
/// step, a batch, a cell), streams progress, writes everything into the sink, and ends with
/// <see cref="IResultSink.CompleteAsync"/>. A cancelled run completes the sink as partial and then throws
/// <see cref="OperationCanceledException"/>.
/// </summary>
public interface IExperimentRunner
{
    /// <summary>The kind this runner runs (<see cref="ExperimentRequest.Kind"/>).</summary>
    string Kind { get; }

    /// <summary>Runs the request; the returned outcome is the one given to the sink.</summary>
    Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken);
}
