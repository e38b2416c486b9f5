using NasBench.Training.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasBench.Training.Trainers;

/// <summary>
/// "Precise BN" (Wu &amp; Johnson 2021): before an evaluation of a training too short for the batch-norm running
/// averages, recompute every BN layer's population mean and variance as the plain average over a few hundred
/// training images, evaluate with those, then put the running averages back, so training goes on exactly as
/// without it.
/// </summary>
/// <remarks>
/// <code>
/// stale(m, n) = (1 − m)^n > 1 %       # n optimizer steps with momentum m: the initial 0/1 still weigh > 1 %
///             ⇔ n &lt; ln(0.01)/ln(1 − m) ≈ 4.6/m   (m = 0.003: 1,533 steps; m = 0.1: 44 steps)
/// save running_mean/var/num_batches_tracked of every BN; reset them
/// for batch k = 0, 1, …: momentum = 1/(k+1) (the cumulative average); forward in train mode, no_grad
///     images: a sample drawn from Random(seed, epoch, stream 3), through the evaluation pipeline (no augmentation)
/// evaluate; restore the saved statistics and momenta
/// </code>
/// No training random stream is read and no weight changes, so the training after it is bit-identical to one without it.
/// The fill value is an explicit <see cref="Scalar"/> kept alive until the call returns: an implicitly converted one
/// is left to the garbage collector, which another thread's collection can finalize while the kernel reads it (see
/// <see cref="Predictors.AdamStep"/>).
/// </remarks>
internal static class PreciseBatchNorm
{
    /// <summary>Training images the statistics are averaged over (fewer when the split is smaller).</summary>
    public const int Images = 512;

    /// <summary>Largest weight the initial running statistics may still carry for them to count as settled.</summary>
    public const double StaleWeight = 0.01;

    /// <summary>True when after <paramref name="steps"/> steps with <paramref name="momentum"/> the running statistics still carry more than 1 % of their initial values.</summary>
    public static bool IsNeeded(double momentum, long steps) =>
        momentum is > 0 and < 1 && Math.Pow(1 - momentum, steps) > StaleWeight;

    /// <summary>Replaces the running statistics by precise ones; dispose the result to put the running averages back.</summary>
    public static IDisposable Apply(nn.Module<Tensor, Tensor> network, ImageDataset train, ImagePipeline pipeline, Device device, int batchSize, Random random)
    {
        var layers = network.modules().OfType<BatchNorm2d>().ToList();
        // Every tensor made here but the saved statistics dies with this scope (wrappers of in-place results included).
        using var scope = NewDisposeScope();
        var saved = layers.Select(b => (Mean: b.running_mean!.clone().DetachFromDisposeScope(), Var: b.running_var!.clone().DetachFromDisposeScope(),
            Count: b.num_batches_tracked!.clone().DetachFromDisposeScope(), b.momentum)).ToList();
        using (no_grad())
        {
            using var one = 1.ToScalar();
            foreach (var b in layers)
            {
                b.running_mean!.zero_();
                b.running_var!.fill_(one);
            }

            int count = Math.Min(Images, train.Count);
            var order = Enumerable.Range(0, train.Count).ToArray();
            random.Shuffle(order);
            network.train();
            int k = 0;
            for (int start = 0; start < count; start += batchSize, k++)
            {
                using var batch = NewDisposeScope();
                int n = Math.Min(batchSize, count - start);
                var indices = tensor(order.AsSpan(start, n).ToArray().Select(i => (long)i).ToArray());
                foreach (var b in layers)
                {
                    b.momentum = 1.0 / (k + 1);
                }

                network.call(pipeline.Prepare(train.Images.index_select(0, indices), device, null));
            }
        }

        return new Restore(layers, saved);
    }

    private sealed class Restore(List<BatchNorm2d> layers, List<(Tensor Mean, Tensor Var, Tensor Count, double? Momentum)> saved) : IDisposable
    {
        public void Dispose()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            for (int i = 0; i < layers.Count; i++)
            {
                layers[i].running_mean!.copy_(saved[i].Mean);
                layers[i].running_var!.copy_(saved[i].Var);
                layers[i].num_batches_tracked!.copy_(saved[i].Count);
                layers[i].momentum = saved[i].Momentum;
                saved[i].Mean.Dispose();
                saved[i].Var.Dispose();
                saved[i].Count.Dispose();
            }
        }
    }
}
