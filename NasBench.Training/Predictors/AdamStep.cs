using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Predictors;

/// <summary>
/// TorchSharp's <c>optim.Adam</c> step (amsgrad off, no weight decay), op for op, with every <see cref="Scalar"/> created
/// explicitly and kept alive until its native call returns. Hand-written because TorchSharp's own step passes its
/// coefficients as implicitly converted Scalars that are left to the garbage collector: with two search runs in parallel
/// (one per core) a collection triggered by the other thread can finalize such a Scalar while the native kernel still
/// reads it, and libtorch then fails in <c>Scalar::toFloat</c> with "Expected false to be true, but got false" (the
/// 150-query comparison failed so, twice, after an hour: BANANAS run 22 of seed 0, found through the run and native
/// origin the CLI now prints).
/// </summary>
/// <remarks>
/// The step, exactly as TorchSharp 0.107's <c>Adam.step</c> computes it (so trajectories stay bit for bit the same):
/// <code>
/// under no_grad, for each parameter p with a gradient g:
///   t += 1; bc1 = 1 − β1^t; bc2 = 1 − β2^t
///   m.mul_(β1).add_(g, alpha: 1 − β1)
///   v.mul_(β2).addcmul_(g, g, value: 1 − β2)
///   denom = (v.sqrt() / sqrt(bc2)).add_(ε)
///   p.addcdiv_(m, denom, value: −lr / bc1)
/// </code>
/// </remarks>
public sealed class AdamStep : IDisposable
{
    private const double Epsilon = 1e-8;
    private readonly (TorchSharp.Modules.Parameter Parameter, Tensor Mean, Tensor Square, long[] Step)[] _state;
    private readonly double _learningRate, _beta1, _beta2;

    /// <summary>Adam over <paramref name="parameters"/> with TorchSharp's defaults but the given rate and betas.</summary>
    public AdamStep(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double beta1, double beta2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // The moments live as long as the optimizer, not as long as a dispose scope the caller may have open.
        _state = [.. parameters.Select(p => (p, zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope(), new long[1]))];
        (_learningRate, _beta1, _beta2) = (learningRate, beta1, beta2);
    }

    /// <summary>Zeroes every parameter's gradient, as <c>optimizer.zero_grad()</c> does (the next backward writes into it).</summary>
    public void ZeroGrad()
    {
        foreach (var (parameter, _, _, _) in _state)
        {
            parameter.grad?.zero_();
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        // Every Scalar lives in a using, so it stays reachable (and alive natively) until its calls have returned.
        using Scalar b1 = _beta1.ToScalar(), oneMinusB1 = (1 - _beta1).ToScalar(), b2 = _beta2.ToScalar(), oneMinusB2 = (1 - _beta2).ToScalar(),
            epsilon = Epsilon.ToScalar(), one = 1.ToScalar();
        foreach (var (parameter, mean, square, step) in _state)
        {
            var grad = parameter.grad;   // not disposed here, as TorchSharp's step does not (the caller's dispose scope takes it)
            if (grad is null)
            {
                continue;
            }

            step[0] += 1;
            double correction1 = 1 - Math.Pow(_beta1, step[0]);
            double correction2 = 1 - Math.Pow(_beta2, step[0]);
            mean.mul_(b1).add_(grad, alpha: oneMinusB1);
            square.mul_(b2).addcmul_(grad, grad, value: oneMinusB2);
            using var root = square.sqrt();
            using var scale = Math.Sqrt(correction2).ToScalar();
            using var denominator = root.div(scale);
            denominator.add_(epsilon, one);   // add_(ε) alone passes alpha 1 as an implicit Scalar (the crash of BANANAS run 199)
            using var stepSize = (-(_learningRate / correction1)).ToScalar();
            parameter.addcdiv_(mean, denominator, value: stepSize);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var (_, mean, square, _) in _state)
        {
            mean.Dispose();
            square.Dispose();
        }
    }
}
