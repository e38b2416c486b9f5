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
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.grad is not { } grad)
            {
                continue;
            }

            var d = weightDecay != 0 ? grad.add(p, alpha: weightDecay) : grad;
            if (started)
            {
                buffers[i].mul_(momentum).add_(d);
            }
            else
            {
                buffers[i].copy_(d);
            }

            p.add_(buffers[i], alpha: -learningRate);
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
