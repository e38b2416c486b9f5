using NasBench.Training.Predictors;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Tests.Predictors;

/// <summary>The predictor's own Adam step (explicit, kept-alive Scalars) moves the weights exactly as TorchSharp's
/// <c>optim.Adam</c> does, bit for bit, over many steps and both predictors' settings.</summary>
[Collection(nameof(TrainingCollection))]
public sealed class AdamStepTests
{
    [Theory]
    [InlineData(0.01, 0.99)]    // BANANAS's ensemble
    [InlineData(2e-4, 0.999)]   // AlphaX's meta-DNN
    public void Steps_EqualTorchSharpsAdam_BitForBit(double learningRate, double beta2)
    {
        using var scope = NewDisposeScope();
        var reference = Weights(seed: 7);
        var mine = Weights(seed: 7);
        using var adam = optim.Adam(reference, learningRate, 0.9, beta2);
        using var step = new AdamStep(mine, learningRate, 0.9, beta2);
        var generator = new Random(11);
        for (int i = 0; i < 40; i++)
        {
            var x = tensor(Enumerable.Range(0, 32 * 6).Select(_ => (float)generator.NextDouble()).ToArray(), [32, 6]);
            var y = tensor(Enumerable.Range(0, 32).Select(_ => (float)generator.NextDouble()).ToArray());
            adam.zero_grad();
            Loss(reference, x, y).backward();
            adam.step();
            step.ZeroGrad();

            Loss(mine, x, y).backward();
            step.Step();
        }

        for (int k = 0; k < reference.Length; k++)
        {
            Assert.Equal(reference[k].data<float>().ToArray(), mine[k].data<float>().ToArray());
        }
    }

    private static TorchSharp.Modules.Parameter[] Weights(int seed)
    {
        var random = new Random(seed);
        float[] Draw(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1))];
#pragma warning disable CA2000 // the test's dispose scope disposes them
        return [new(tensor(Draw(6 * 20), [6, 20])), new(tensor(Draw(20), [20])), new(tensor(Draw(20), [20, 1]))];
#pragma warning restore CA2000
    }

    private static Tensor Loss(TorchSharp.Modules.Parameter[] w, Tensor x, Tensor y) =>
        (nn.functional.relu(x.matmul(w[0]) + w[1]).matmul(w[2]).squeeze(-1) - y).abs().mean();
}
