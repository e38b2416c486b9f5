using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Trainers;

/// <summary>
/// RMSProp exactly as TensorFlow 1's <c>RMSPropOptimizer</c> (used for the NAS-Bench-101 table). TorchSharp's
/// RMSprop cannot express it: it adds epsilon outside the square root, applies the learning rate after the
/// momentum buffer, and starts the mean square at 0.
/// </summary>
/// <remarks>
/// <code>
/// g  = grad + l2·v                       (gradient of the L2 loss l2·Σv²/2)
/// ms = decay·ms + (1 − decay)·g²         (ms starts at 1, TensorFlow's slot initialiser)
/// mom = momentum·mom + lr·g / sqrt(ms + epsilon)
/// v  = v − mom
/// </code>
/// Every coefficient is an explicit <see cref="Scalar"/> kept alive until its native call returns (and <c>add</c>'s alpha 1 is
/// passed explicitly): an implicitly converted one is left to the garbage collector, which another thread's collection can
/// finalize while the kernel reads it (see <see cref="Predictors.AdamStep"/>). Same ops in the same order as before.
/// </remarks>
public sealed class TfRmsProp : IParameterOptimizer
{
    private readonly Tensor[] parameters;
    private readonly Tensor[] meanSquare;
    private readonly Tensor[] momentumBuffer;
    private readonly double decay, momentum, epsilon, l2;

    /// <summary>
    /// RMSProp with momentum as TensorFlow 1 computes it (epsilon inside the square root), NAS-Bench-101's optimizer.
    /// </summary>
    public TfRmsProp(IEnumerable<Tensor> parameters, double decay = 0.9, double momentum = 0.9, double epsilon = 1.0, double l2 = 0)
    {
        this.parameters = parameters.ToArray();
        (this.decay, this.momentum, this.epsilon, this.l2) = (decay, momentum, epsilon, l2);
        meanSquare = this.parameters.Select(p => ones_like(p).DetachFromDisposeScope()).ToArray();
        momentumBuffer = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <inheritdoc/>
    public void Step(double learningRate)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using Scalar l2Scalar = l2.ToScalar(), decayScalar = decay.ToScalar(), oneMinusDecay = (1 - decay).ToScalar(),
            momentumScalar = momentum.ToScalar(), epsilonScalar = epsilon.ToScalar(), one = 1.ToScalar(), rate = learningRate.ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.grad is not { } grad)
            {
                continue;
            }

            var g = l2 != 0 ? grad.add(p, alpha: l2Scalar) : grad;
            meanSquare[i].mul_(decayScalar).addcmul_(g, g, value: oneMinusDecay);
            momentumBuffer[i].mul_(momentumScalar).addcdiv_(g, meanSquare[i].add(epsilonScalar, one).sqrt_(), value: rate);
            p.sub_(momentumBuffer[i]);
        }
    }

    /// <inheritdoc/>
    public void Save(BinaryWriter writer) => OptimizerState.Save(writer, meanSquare.Concat(momentumBuffer));

    /// <inheritdoc/>
    public void Load(BinaryReader reader) => OptimizerState.Load(reader, meanSquare.Concat(momentumBuffer));

    /// <summary>Frees the RMS and momentum buffers.</summary>
    public void Dispose()
    {
        foreach (var t in meanSquare.Concat(momentumBuffer))
        {
            t.Dispose();
        }
    }
}
