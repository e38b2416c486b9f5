using NasBench.Core.Search;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasBench.Training.Predictors;

/// <summary>
/// The networks of a neural predictor (<see cref="NeuralPredictorOptions"/>), all members at once: E MLPs from a
/// cell's encoding to one number, their weights stacked so one batched matrix product runs every member. AlphaX's
/// meta-DNN (<c>build_env_model</c>, E = 1) and BANANAS's five networks (naszilla's <c>MetaNeuralnet.get_dense_model</c>)
/// are this class with different widths, output and initialisation.
/// </summary>
/// <remarks>
/// <code>
/// member e: x → (Linear + ReLU) per hidden width → Linear(1) [→ sigmoid]; all members: x [E, B, in] → [E, B]
///           (layer i: x · W_i[e]ᵀ + b_i[e], W_i [E, out, in] — each member its own weights, no sharing)
/// init (from the given stream, member by member, layer by layer, row-major, no global generator): the first
/// UniformLayers weight matrices U(−0.05, 0.05) (Keras's RandomUniform, AlphaX's first three), the others
/// Glorot-uniform U(±sqrt(6/(fan_in + fan_out))) (Keras's default, all of BANANAS's); biases zero — both
/// references' initialisers
/// </code>
/// Stacking changes nothing a member computes (Adam is elementwise, the loss is a sum of the members' own means), only
/// the number of TorchSharp calls: five members cost about one.
/// </remarks>
public sealed class PredictorEnsemble : nn.Module<Tensor, Tensor>
{
    private const double UniformLimit = 0.05;
    private readonly Parameter[] _weights;
    private readonly Parameter[] _biases;
    private readonly bool _sigmoid;
    private readonly int _uniformLayers;

    /// <summary>The members of <paramref name="options"/>, their weights drawn from <paramref name="random"/>.</summary>
    public PredictorEnsemble(NeuralPredictorOptions options, Random random) : base("predictor_ensemble")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        _sigmoid = options.SigmoidOutput;
        _uniformLayers = options.UniformLayers;
        Members = options.EnsembleSize;
        int[] widths = [options.InputLength, .. options.HiddenSizes, 1];
        _weights = new Parameter[widths.Length - 1];
        _biases = new Parameter[widths.Length - 1];
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = new Parameter(zeros(Members, widths[i + 1], widths[i]));
            _biases[i] = new Parameter(zeros(Members, 1, widths[i + 1]));
            register_parameter($"weight{i}", _weights[i]);
            register_parameter($"bias{i}", _biases[i]);
        }

        Initialise(random);
    }

    /// <summary>The number of networks.</summary>
    public int Members { get; }

    /// <summary>Every member's outputs: <paramref name="input"/> [E, B, in] (each member its own rows) → [E, B].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // x + b would pass alpha 1 as an implicit Scalar left to the garbage collector, which another thread's collection can
        // finalize while the kernel reads it (see AdamStep): the same add with a Scalar kept alive here.
        using var one = 1.ToScalar();
        var x = input;
        for (int i = 0; i < _weights.Length; i++)
        {
            x = x.bmm(_weights[i].transpose(1, 2)).add(_biases[i], one);   // [E, B, out_i]
            if (i < _weights.Length - 1)
            {
                x = nn.functional.relu(x);
            }
        }

        return (_sigmoid ? sigmoid(x) : x).squeeze(-1).MoveToOuterDisposeScope();   // [E, B]
    }

    /// <summary>Draws fresh weights (and zero biases) for every member from <paramref name="random"/>, as new networks would have.</summary>
    public void Initialise(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        using var noGrad = no_grad();
        for (int e = 0; e < Members; e++)
        {
            for (int i = 0; i < _weights.Length; i++)
            {
                long rows = _weights[i].shape[1], columns = _weights[i].shape[2];
                double limit = i < _uniformLayers ? UniformLimit : Math.Sqrt(6.0 / (rows + columns));
                var values = new float[rows * columns];
                for (int k = 0; k < values.Length; k++)
                {
                    values[k] = (float)(((2 * random.NextDouble()) - 1) * limit);
                }

                using var drawn = tensor(values, [rows, columns]);
                using var slot = _weights[i][e];
                slot.copy_(drawn);
            }
        }

        foreach (var bias in _biases)
        {
            bias.zero_();
        }
    }
}
