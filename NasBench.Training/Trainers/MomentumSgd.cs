using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Trainers;

/// <summary>SGD with momentum and weight decay exactly as PyTorch's <c>torch.optim.SGD</c> (dampening 0, not Nesterov).</summary>
/// <remarks>
/// <code>
/// d = grad + weight_decay·v
/// buf = d on the first step, else momentum·buf + d
/// v = v − lr·buf
/// </code>
/// Written out (rather than TorchSharp's SGD) so its state saves into the same checkpoint format as <see cref="TfRmsProp"/>.
/// Every coefficient is an explicit <see cref="Scalar"/> kept alive until its native call returns (and <c>add_</c>'s alpha 1 is
/// passed explicitly): an implicitly converted one is left to the garbage collector, which another thread's collection can
/// finalize while the kernel reads it (see <see cref="Predictors.AdamStep"/>).
/// </remarks>
public sealed class MomentumSgd : IParameterOptimizer
{
    private readonly Tensor[] parameters;
    private readonly Tensor[] buffers;
    private readonly double momentum, weightDecay;
    private bool started;

    /// <summary>SGD with momentum and weight decay over the parameters, as PyTorch's <c>SGD</c> does it.</summary>
    public MomentumSgd(IEnumerable<Tensor> parameters, double momentum = 0.9, double weightDecay = 0)
    {
        this.parameters = parameters.ToArray();
        (this.momentum, this.weightDecay) = (momentum, weightDecay);
        buffers = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <inheritdoc/>
    public void Step(double learningRate)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using Scalar decay = weightDecay.ToScalar(), momentumScalar = momentum.ToScalar(), one = 1.ToScalar(), step = (-learningRate).ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.grad is not { } grad)
            {
                continue;
            }

            var d = weightDecay != 0 ? grad.add(p, alpha: decay) : grad;
            if (started)
            {
                buffers[i].mul_(momentumScalar).add_(d, one);
            }
            else
            {
                buffers[i].copy_(d);
            }

            p.add_(buffers[i], alpha: step);
        }

        started = true;
    }

    /// <inheritdoc/>
    public void Save(BinaryWriter writer)
    {
        writer.Write(started);
        OptimizerState.Save(writer, buffers);
    }

    /// <inheritdoc/>
    public void Load(BinaryReader reader)
    {
        started = reader.ReadBoolean();
        OptimizerState.Load(reader, buffers);
    }

    /// <summary>Frees the momentum buffers.</summary>
    public void Dispose()
    {
        foreach (var t in buffers)
        {
            t.Dispose();
        }
    }
}
