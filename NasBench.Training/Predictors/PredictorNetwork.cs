using NasBench.Core.Search;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasBench.Training.Predictors;

/// <summary>
/// One network of a neural predictor (<see cref="NeuralPredictorOptions"/>): an MLP from a cell's encoding to one
/// number. AlphaX's meta-DNN (<c>build_env_model</c>) and each of BANANAS's five networks (naszilla's
/// <c>MetaNeuralnet.get_dense_model</c>) are this class with different widths, output and initialisation.
/// </summary>
/// <remarks>
/// <code>
/// x: [B, inputs] → (Linear + ReLU) per hidden width → Linear(1) [→ sigmoid] → [B]
/// init (from the given stream, no global generator): the first UniformLayers weight matrices U(−0.05, 0.05)
/// (Keras's RandomUniform, AlphaX's first three), the others Glorot-uniform U(±sqrt(6/(fan_in + fan_out))) (Keras's
/// default, all of BANANAS's); biases zero — both references' initialisers
/// </code>
/// </remarks>
public sealed class PredictorNetwork : nn.Module<Tensor, Tensor>
{
    private const double UniformLimit = 0.05;
    private readonly ModuleList<Linear> layers;
    private readonly bool _sigmoid;
    private readonly int _uniformLayers;

    /// <summary>A network as <paramref name="options"/> describes, its weights drawn from <paramref name="random"/>.</summary>
    public PredictorNetwork(NeuralPredictorOptions options, Random random) : base("predictor_network")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        _sigmoid = options.SigmoidOutput;
        _uniformLayers = options.UniformLayers;
        layers = new ModuleList<Linear>();
        int inputs = options.InputLength;
        foreach (int width in options.HiddenSizes.Append(1))
        {
            layers.Add(nn.Linear(inputs, width));
            inputs = width;
        }

        RegisterComponents();
        Initialise(random);
    }

    /// <summary>The outputs of a batch of encodings.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        for (int i = 0; i < layers.Count - 1; i++)
        {
            x = nn.functional.relu(layers[i].call(x));   // [B, hidden_i]
        }

        x = layers[^1].call(x);   // [B, 1]
        return (_sigmoid ? sigmoid(x) : x).squeeze(-1).MoveToOuterDisposeScope();   // [B]
    }

    /// <summary>Draws fresh weights (and zero biases) from <paramref name="random"/>, as a new network would have.</summary>
    public void Initialise(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        using var noGrad = no_grad();
        for (int i = 0; i < layers.Count; i++)
        {
            var weight = layers[i].weight!;
            long rows = weight.shape[0], columns = weight.shape[1];
            double limit = i < _uniformLayers ? UniformLimit : Math.Sqrt(6.0 / (rows + columns));
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
