using System.Diagnostics;
using NasBench.Core.SearchSpace;
using NasBench.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Trainers;

/// <summary>Training throughput (images/s of forward + backward) of a network on random data.</summary>
public static class TrainingBenchmark
{
    /// <summary>One warm-up step, then the mean over <paramref name="steps"/> timed steps of batch <paramref name="batchSize"/>.</summary>
    public static double ImagesPerSecond(ModelSpec spec, NetworkOptions options, int batchSize, int steps, int threads, int imageSize = 32, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(options);
        TorchRuntime.SetThreads(threads);
        var target = TorchRuntime.SelectDevice(device);
        torch.manual_seed(0);
        using var network = new NasBenchNetwork(spec, options);
        network.to(target).train();
        using var x = randn(batchSize, options.InputChannels, imageSize, imageSize, device: target);
        using var y = randint(0, options.Classes, [batchSize], device: target);
        double seconds = 0;
        for (int step = -1; step < steps; step++)
        {
            var started = Stopwatch.GetTimestamp();
            using (NewDisposeScope())
            {
                network.zero_grad();
                nn.functional.cross_entropy(network.call(x), y).backward();
            }

            if (step >= 0)
            {
                seconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
            }
        }

        return batchSize * steps / seconds;
    }
}
