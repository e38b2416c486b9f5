using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NasBench.Core.Progress;
using NasBench.Core;
using NasBench.Core.Experiments;
using NasBench.Training.Data;
using NasBench.Training.Trainers;

namespace NasBench.Training.Experiments;

/// <summary>
/// Runs a <see cref="TrainingRequest"/>: loads the dataset, trains on the worker, streams steps and epochs into the
/// sink, and ends with the artifacts <c>result.json</c> (what <c>nasbench train</c> prints) and <c>epochs.csv</c>.
/// </summary>
/// <param name="worker">The worker that owns TorchSharp's process-wide state (null: <see cref="TrainingWorker.Shared"/>).</param>
public sealed class TrainingRunner(TrainingWorker? worker = null) : IExperimentRunner
{
    /// <summary>snake_case, nulls left out: the style of <c>nasbench train</c>'s JSON line.</summary>

    private readonly TrainingWorker _worker = worker ?? TrainingWorker.Shared;

    /// <inheritdoc/>
    public string Kind => ExperimentKinds.Training;

    /// <inheritdoc/>
    public async Task<ExperimentOutcome> RunAsync(ExperimentRequest request, IResultSink sink, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken)
    {
        var r = request as TrainingRequest ?? throw new ArgumentException($"The training runner runs '{ExperimentKinds.Training}' requests, not '{request?.Kind}'.", nameof(request));
        ArgumentNullException.ThrowIfNull(sink);
        r.ThrowIfInvalid();
        var spec = r.Spec();
        var recipe = r.ResolveRecipe();
        string directory = r.ResolveDataDir();
        progress?.Report(new ExperimentProgress(0, $"loading {r.DatasetName} from {directory}"));
        using var all = await DatasetCatalog.LoadAsync(r.Dataset, directory, r.Download, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var data = all.Subset(r.TrainImages, r.TestImages);
        var recorder = new TrainingRecorder(sink, progress, TimeProvider.System, 0, TorchRuntime.IsCpu(r.Device));
        TrainingResult result;
        try
        {
            result = await _worker.TrainAsync(spec, r.Network(data.Classes), data, recipe, r.Training(r.CheckpointDir), recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            recorder.Flush();
            await sink.CompleteAsync(ExperimentOutcome.Cancelled(["Cancelled: the epochs finished before the cancel are in the results."]), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        recorder.Flush();
        await sink.AddArtifactAsync(Artifact.Text("result.json", ResultJson(result) + "\n"), cancellationToken).ConfigureAwait(false);
        await sink.AddArtifactAsync(Artifact.Text("epochs.csv", EpochsCsv(result.Epochs)), cancellationToken).ConfigureAwait(false);
        var outcome = ExperimentOutcome.Succeeded(result.PreciseBatchNorm ? [PreciseBatchNormNote] : []);
        await sink.CompleteAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>The note of a run evaluated with precise batch-norm statistics.</summary>
    public const string PreciseBatchNormNote =
        "The run was too short for the batch-norm running averages: evaluations used precise BN statistics (recomputed over 512 training images).";

    /// <summary>The one JSON object <c>nasbench train</c> prints.</summary>
    public static string ResultJson(TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(new
        {
            train_accuracy = result.TrainAccuracy,
            validation_accuracy = result.ValidationAccuracy,
            test_accuracy = result.TestAccuracy,
            trainable_parameters = result.TrainableParameters,
            seconds = result.Seconds,
            device = result.Device,
            threads = result.Threads,
            seed = result.Seed,
            recipe = result.Recipe,
            torchsharp_version = result.TorchSharpVersion,
            epochs = result.Epochs.Count,
            batch_norm_statistics = result.PreciseBatchNorm ? "precise" : "running",
        }, NasBench.Core.ResultJson.Options);
    }

    /// <summary>One row per epoch (Core's CSV writer).</summary>
    public static string EpochsCsv(IReadOnlyList<TrainingEpoch> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow("epoch", "epochs", "train_loss", "train_accuracy", "validation_accuracy", "test_accuracy", "seconds");
        foreach (var e in epochs)
        {
            csv.WriteRow(Inv(e.Epoch), Inv(e.Epochs), Inv(e.TrainLoss), Inv(e.TrainAccuracy), e.ValidationAccuracy is { } v ? Inv(v) : string.Empty, Inv(e.TestAccuracy), Inv(e.Seconds));
        }

        return text.ToString();
    }

    internal static string Inv(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);
}
