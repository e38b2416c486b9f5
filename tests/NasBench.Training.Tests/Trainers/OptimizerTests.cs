using NasBench.Training.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Tests.Trainers;

[Collection(nameof(TrainingCollection))]
public class OptimizerTests
{
    private static readonly double[] Start = [1.0, -2.0];
    private static readonly double[] Slope = [0.5, 3.0];

    /// <summary>Sets v.grad to the gradient of Σ slope·v (= slope) and returns v.</summary>
    private static void Backward(Tensor v)
    {
        v.grad?.zero_();
        using var slope = tensor(Slope.Select(s => (float)s).ToArray());
        using var loss = (v * slope).sum();
        loss.backward();
    }

    [Fact]
    public void TfRmsProp_TwoSteps_MatchHandComputedTensorFlowUpdate()
    {
        using var v = tensor(Start.Select(s => (float)s).ToArray()).requires_grad_();
        using var optimizer = new TfRmsProp([v], decay: 0.9, momentum: 0.9, epsilon: 1.0, l2: 0.1);
        double[] value = [.. Start], ms = [1, 1], mom = [0, 0];
        foreach (double lr in new[] { 0.2, 0.15 })
        {
            Backward(v);
            optimizer.Step(lr);
            for (int i = 0; i < 2; i++)
            {
                double g = Slope[i] + (0.1 * value[i]);
                ms[i] = (0.9 * ms[i]) + (0.1 * g * g);
                mom[i] = (0.9 * mom[i]) + (lr * g / Math.Sqrt(ms[i] + 1.0));
                value[i] -= mom[i];
            }

            var actual = v.data<float>().ToArray();
            Assert.Equal(value[0], actual[0], 5);
            Assert.Equal(value[1], actual[1], 5);
        }
    }

    [Fact]
    public void MomentumSgd_TwoSteps_MatchPyTorchSgd()
    {
        using var v = tensor(Start.Select(s => (float)s).ToArray()).requires_grad_();
        using var optimizer = new MomentumSgd([v], momentum: 0.9, weightDecay: 0.01);
        double[] value = [.. Start], buf = [0, 0];
        for (int step = 0; step < 2; step++)
        {
            Backward(v);
            optimizer.Step(0.1);
            for (int i = 0; i < 2; i++)
            {
                double d = Slope[i] + (0.01 * value[i]);
                buf[i] = step == 0 ? d : (0.9 * buf[i]) + d;
                value[i] -= 0.1 * buf[i];
            }

            var actual = v.data<float>().ToArray();
            Assert.Equal(value[0], actual[0], 5);
            Assert.Equal(value[1], actual[1], 5);
        }

        // Same as TorchSharp's own SGD.
        using var w = new TorchSharp.Modules.Parameter(tensor(Start.Select(s => (float)s).ToArray()));
        var reference = optim.SGD([w], 0.1, momentum: 0.9, weight_decay: 0.01);
        for (int step = 0; step < 2; step++)
        {
            Backward(w);
            reference.step();
        }

        Assert.Equal(w.data<float>().ToArray(), v.data<float>().ToArray());
    }

    [Fact]
    public async Task TfRmsProp_SurvivesCollectionsFromAnotherThread_SameUpdates() =>
        await StepsBesideCollections(p => new TfRmsProp(p, decay: 0.9, momentum: 0.9, epsilon: 1.0, l2: 1e-4));

    [Fact]
    public async Task MomentumSgd_SurvivesCollectionsFromAnotherThread_SameUpdates() =>
        await StepsBesideCollections(p => new MomentumSgd(p, momentum: 0.9, weightDecay: 1e-4));

    /// <summary>
    /// Many steps of the optimizer while another thread forces collections (<see cref="CollectingThread"/>): before every
    /// Scalar was kept alive, a step could throw libtorch's "Expected false to be true" or read freed memory; the
    /// weights must end bit for bit where they end without the collector.
    /// </summary>
    private static async Task StepsBesideCollections(Func<IEnumerable<Tensor>, IParameterOptimizer> create)
    {
        var expected = Descend(create);
        var rounds = await CollectingThread.RunBesideAsync(() => Descend(create), collections: 200);
        Assert.All(rounds, actual => Assert.Equal(expected, actual));
    }

    /// <summary>300 steps on 32 vectors of a quadratic Σ v² (gradient 2v), with a rate that changes every step; the weights after them.</summary>
    private static float[][] Descend(Func<IEnumerable<Tensor>, IParameterOptimizer> create)
    {
        var random = new Random(3);
        var parameters = Enumerable.Range(0, 32).Select(_ => tensor(Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).requires_grad_()).ToArray();
        try
        {
            using var optimizer = create(parameters);
            for (int step = 0; step < 300; step++)
            {
                using var scope = NewDisposeScope();
                foreach (var v in parameters)
                {
                    v.grad?.zero_();
                    (v * v).sum().backward();   // tensor × tensor passes no Scalar
                }

                optimizer.Step(0.01 * (1 + (step % 3)));
            }

            return [.. parameters.Select(v => v.data<float>().ToArray())];
        }
        finally
        {
            foreach (var v in parameters)
            {
                v.Dispose();
            }
        }
    }

    [Fact]
    public void Schedules_FollowCosinePerStepAndPerEpoch()
    {
        var nb = TrainingRecipe.NasBench with { Epochs = 4 };
        Assert.Equal(0.2, nb.LearningRateAt(0, 100), 12);
        Assert.Equal(0.1, nb.LearningRateAt(200, 100), 12);
        Assert.Equal(0.1 * (1 + Math.Cos(Math.PI * 37 / 400)), nb.LearningRateAt(37, 100), 12);
        var seed = TrainingRecipe.SeedPaper;
        Assert.Equal(0.025, seed.LearningRateAt(99, 100), 12);
        Assert.Equal(0.0125, seed.LearningRateAt(300, 100), 12);
        Assert.Equal(0.0125 * (1 + Math.Cos(Math.PI * 5 / 6)), seed.LearningRateAt(599, 100), 12);
    }

    [Fact]
    public void Recipes_HaveTheDocumentedHyperParameters()
    {
        var nb = TrainingRecipe.Named("nasbench");
        Assert.Equal((OptimizerKind.TfRmsProp, 0.2, 0.9, 0.9, 1.0, 1e-4, 256, ScheduleKind.CosinePerStep), (nb.Optimizer, nb.LearningRate, nb.Momentum, nb.Decay, nb.Epsilon, nb.L2, nb.BatchSize, nb.Schedule));
        var seed = TrainingRecipe.Named("seed-paper");
        Assert.Equal((OptimizerKind.Sgd, 0.025, 0.9, 1e-4, 5.0, 128, ScheduleKind.CosinePerEpoch), (seed.Optimizer, seed.LearningRate, seed.Momentum, seed.WeightDecay, seed.GradientClipNorm, seed.BatchSize, seed.Schedule));
        Assert.Throws<ArgumentException>(() => TrainingRecipe.Named("adam"));
    }
}
