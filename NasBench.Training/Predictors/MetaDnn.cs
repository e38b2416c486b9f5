using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasBench.Training.Predictors;

/// <summary>AlphaX's meta-DNN (<c>build_env_model</c>): an MLP from the 56-number encoding to an accuracy in (0, 1).</summary>
/// <remarks>
/// <code>
/// x: [B, 56] → (Linear + ReLU) per hidden width → Linear(1) → sigmoid → [B]
/// init (from the seed, no global generator): the first three layers U(−0.05, 0.05) (Keras's RandomUniform), the
/// others Glorot-uniform; biases zero — the reference's initializers
/// </code>
/// </remarks>
public sealed class MetaDnn : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;

    /// <summary>A network with the given hidden widths, its weights drawn from <paramref name="random"/>.</summary>
    public MetaDnn(IReadOnlyList<int> hiddenSizes, Random random) : base("meta_dnn")
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentNullException.ThrowIfNull(random);
        layers = new ModuleList<Linear>();
        int inputs = AlphaXEncoding.Length;
        foreach (int width in hiddenSizes.Append(1))
        {
            layers.Add(nn.Linear(inputs, width));
            inputs = width;
        }

        RegisterComponents();
        Initialise(random);
    }

    /// <summary>Predicted accuracies of a batch of encodings.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        for (int i = 0; i < layers.Count - 1; i++)
        {
            x = nn.functional.relu(layers[i].call(x));   // [B, hidden_i]
        }

        return sigmoid(layers[^1].call(x)).squeeze(-1).MoveToOuterDisposeScope();   // [B]
    }

    private void Initialise(Random random)
    {
        using var noGrad = no_grad();
        for (int i = 0; i < layers.Count; i++)
        {
            var weight = layers[i].weight!;
            long rows = weight.shape[0], columns = weight.shape[1];
            double limit = i < 3 ? 0.05 : Math.Sqrt(6.0 / (rows + columns));
            var values = new float[rows * columns];
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = (float)(((2 * random.NextDouble()) - 1) * limit);
            }

            using var drawn = tensor(values, [rows, columns]);
            weight.copy_(drawn);
            layers[i].bias!.zero_();
        }
    }
}
