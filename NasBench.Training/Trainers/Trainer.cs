using System.Diagnostics;
using System.Globalization;
using NasBench.Core.Experiments;
using NasBench.Core.Options;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;
using NasBench.Training.Data;
using NasBench.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Trainers;

/// <summary>Trains one cell's network on a dataset with a recipe, with progress, cancellation and checkpoints.</summary>
/// <remarks>
/// <code>
/// torch.manual_seed(seed); net = NasBenchNetwork(spec); opt = TfRmsProp | MomentumSgd
/// resume from the checkpoint when its key (spec, shape, recipe, seed, data sizes) matches
/// for epoch e: order = shuffle(Random(seed, e)); for each batch (one dispose scope):
///     stop here if cancelled
///     x = pipeline(images[batch], Random(seed, e, augmentation)); loss = CE(net(x), y); backward
///     clip; opt.step(lr(step)); report the step (fraction, remaining time from the steps so far)
/// precise BN when the running statistics are still stale; evaluate validation and test; checkpoint; report the epoch
/// </code>
/// An incomplete last batch is dropped in training, as NAS-Bench-101 did. The process-wide TorchSharp state (thread
/// count, global generator) is set here, so run it through <see cref="TrainingWorker"/>, which runs one at a time.
/// </remarks>
internal sealed class Trainer(TrainingRecipe recipe, TrainingOptions? options = null)
{
    private readonly TrainingOptions options = options ?? new TrainingOptions();

    public TrainingRecipe Recipe { get; } = recipe;

    /// <summary>
    /// Trains <paramref name="spec"/> on <paramref name="data"/> with the recipe, stamping <paramref name="training"/> on
    /// every step and epoch (0, or the cell's position in a transfer study).
    /// </summary>
    public TrainingResult Train(ModelSpec spec, NetworkOptions networkOptions, DatasetSplits data, IProgress<ExperimentProgress>? progress, CancellationToken cancellationToken, int training = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(networkOptions);
        TorchRuntime.SetThreads(options.Threads);
        var device = TorchRuntime.SelectDevice(options.Device);
        int stepsPerEpoch = data.Train.Count / Recipe.BatchSize;
        if (stepsPerEpoch == 0)
        {
            throw new RequestValidationException([new RequestError("batchSize",
                $"The training split has {data.Train.Count} images, fewer than one batch of {Recipe.BatchSize}: lower --batch-size or raise --train-images.")]);
        }

        torch.manual_seed(options.Seed);
        using var network = new NasBenchNetwork(spec, networkOptions);
        network.to(device);
        using var optimizer = CreateOptimizer(network);
        string key = $"{spec.Hash}|{networkOptions}|{Recipe}|{options.Seed}|{data.Name}|{data.Train.Count}|{data.Test.Count}";
        var state = (options.CheckpointDirectory is { } dir ? CheckpointState.TryLoad(dir, key, network, optimizer) : null)
            ?? new CheckpointState(key, 0, 0, []);
        // Progress counts an epoch's evaluation too, as training-step equivalents (a forward pass costs about a third
        // of a forward + backward), so the time left includes it.
        double evaluationSteps = ((data.Validation?.Count ?? 0) + data.Test.Count + PreciseBatchNorm.Images) / (3.0 * Recipe.BatchSize);
        var run = new RunClock(training, Recipe.Epochs * stepsPerEpoch, stepsPerEpoch, evaluationSteps, progress);
        bool precise = options.PreciseBatchNorm && state.EpochsDone > 0 && PreciseBatchNorm.IsNeeded(networkOptions.BatchNormMomentum, (long)state.EpochsDone * stepsPerEpoch);
        var clock = Stopwatch.StartNew();
        for (int epoch = state.EpochsDone; epoch < Recipe.Epochs; epoch++)
        {
            var (loss, accuracy) = TrainEpoch(network, optimizer, data, device, epoch, stepsPerEpoch, run, cancellationToken);
            precise = options.PreciseBatchNorm && PreciseBatchNorm.IsNeeded(networkOptions.BatchNormMomentum, (long)(epoch + 1) * stepsPerEpoch);
            using (precise ? PreciseBatchNorm.Apply(network, data.Train, data.Pipeline, device, Recipe.BatchSize, new Random(TorchRuntime.StreamSeed(options.Seed, epoch, 3))) : null)
            {
                double? validation = data.Validation is { } v ? Evaluate(network, v, data.Pipeline, device) : null;
                double test = Evaluate(network, data.Test, data.Pipeline, device);
                // Rounded to the clock's tick (100 ns): the sum of two doubles printed 2.7941510000000003 in result.json.
                var record = new TrainingEpoch(training, epoch + 1, Recipe.Epochs, loss, accuracy, validation, test, Math.Round(state.Seconds + clock.Elapsed.TotalSeconds, 7));
                state.History.Add(record);
                state = state with { EpochsDone = epoch + 1, Seconds = record.Seconds };
            }

            clock.Restart();
            if (options.CheckpointDirectory is { } checkpoint)
            {
                state.Save(checkpoint, network, optimizer);
            }

            run.Epoch(state.History[^1]);
        }

        var last = state.History.Count > 0 ? state.History[^1] : throw new ArgumentException("The recipe has no epochs to train.");
        return new TrainingResult(last.TrainAccuracy, last.ValidationAccuracy, last.TestAccuracy, network.TrainableParameterCount, last.Seconds,
            device.type == DeviceType.CUDA ? "cuda" : "cpu", options.Seed, Recipe.Name, TorchRuntime.TorchSharpVersion, options.Threads, state.History,
            precise);
    }

    private IParameterOptimizer CreateOptimizer(NasBenchNetwork network)
    {
        var parameters = network.parameters().Where(p => p.requires_grad).ToList();
        return Recipe.Optimizer == OptimizerKind.TfRmsProp
            ? new TfRmsProp(parameters, Recipe.Decay, Recipe.Momentum, Recipe.Epsilon, Recipe.L2)
            : new MomentumSgd(parameters, Recipe.Momentum, Recipe.WeightDecay);
    }

    private (double Loss, double Accuracy) TrainEpoch(NasBenchNetwork network, IParameterOptimizer optimizer, DatasetSplits data, Device device, int epoch, int stepsPerEpoch, RunClock run, CancellationToken cancellationToken)
    {
        network.train();
        var order = Enumerable.Range(0, data.Train.Count).ToArray();
        new Random(TorchRuntime.StreamSeed(options.Seed, epoch, 1)).Shuffle(order);
        var augmentation = new Random(TorchRuntime.StreamSeed(options.Seed, epoch, 2));
        var parameters = network.parameters().ToList();
        double lossSum = 0;
        long correct = 0;
        for (int step = 0; step < stepsPerEpoch; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            using var scope = NewDisposeScope();
            var indices = tensor(order.AsSpan(step * Recipe.BatchSize, Recipe.BatchSize).ToArray().Select(i => (long)i).ToArray());
            var x = data.Pipeline.Prepare(data.Train.Images.index_select(0, indices), device, augmentation);
            var y = data.Train.Labels.index_select(0, indices).to(device);
            var logits = network.call(x);
            var loss = nn.functional.cross_entropy(logits, y);
            network.zero_grad();
            loss.backward();
            if (Recipe.GradientClipNorm > 0)
            {
                nn.utils.clip_grad_norm_(parameters, Recipe.GradientClipNorm);
            }

            int globalStep = (epoch * stepsPerEpoch) + step;
            double lr = Recipe.LearningRateAt(globalStep, stepsPerEpoch);
            optimizer.Step(lr);
            double lossValue = loss.item<float>();
            lossSum += lossValue;
            correct += logits.argmax(1).eq(y).sum().item<long>();
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            run.Step(epoch + 1, step + 1, stepsPerEpoch, lossValue, lr, Recipe.BatchSize / Math.Max(seconds, 1e-9));
        }

        return (lossSum / stepsPerEpoch, (double)correct / (stepsPerEpoch * Recipe.BatchSize));
    }

    /// <summary>Accuracy over a split in evaluation mode (batch-norm running statistics), in batches of the recipe's size.</summary>
    public double Evaluate(NasBenchNetwork network, ImageDataset split, ImagePipeline pipeline, Device device)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.eval();
        using var noGrad = no_grad();
        long correct = 0;
        for (int start = 0; start < split.Count; start += Recipe.BatchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(Recipe.BatchSize, split.Count - start);
            var x = pipeline.Prepare(split.Images.narrow(0, start, n), device, null);
            var y = split.Labels.narrow(0, start, n).to(device);
            correct += network.call(x).argmax(1).eq(y).sum().item<long>();
        }

        return (double)correct / split.Count;
    }

    /// <summary>Turns steps and epochs into progress reports: the fraction of all work (steps and evaluations).</summary>
    private sealed class RunClock(int training, int totalSteps, int stepsPerEpoch, double evaluationSteps, IProgress<ExperimentProgress>? progress)
    {
        private readonly double _total = (totalSteps / (double)stepsPerEpoch) * (stepsPerEpoch + evaluationSteps);

        public void Step(int epoch, int step, int steps, double loss, double lr, double imagesPerSecond) =>
            progress?.Report(new ExperimentProgress(Fraction(epoch - 1, step), string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}, step {step}/{steps}"))
            {
                Step = new TrainingStep(training, epoch, step, steps, totalSteps, loss, lr, imagesPerSecond),
            });

        public void Epoch(TrainingEpoch epoch) =>
            progress?.Report(new ExperimentProgress(Fraction(epoch.Epoch, 0), string.Create(CultureInfo.InvariantCulture, $"epoch {epoch.Epoch}/{epoch.Epochs}")) { Epoch = epoch });

        private double Fraction(int epochsFinished, int step) => Math.Min(1, ((epochsFinished * (stepsPerEpoch + evaluationSteps)) + step) / _total);
    }
}
