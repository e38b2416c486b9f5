namespace NasBench.Training.Proxies;

/// <summary>
/// The zero-cost proxies by their reference names (SamsungLabs/zero-cost-nas <c>foresight/pruners/measures</c>, NASLib;
/// NASWOT is Mellor et al.'s <c>hook_logdet</c>), and the two baselines every proxy is shown beside.
/// </summary>
public static class ProxyNames
{
    /// <summary>Σ |θ ⊙ ∂R/∂θ| with R the summed output of the network without batch norm, |θ|, float64, an all-ones image.</summary>
    public const string Synflow = "synflow";

    /// <summary>−Σ (log(λ + k) + 1/(λ + k)), k = 1e-5, over the eigenvalues λ of the correlation matrix of the input Jacobians.</summary>
    public const string JacobCov = "jacob_cov";

    /// <summary>log |det K|, K the Hamming-similarity kernel of the batch's binary ReLU codes (Mellor et al.).</summary>
    public const string Naswot = "naswot";

    /// <summary>Σ |θ ⊙ ∂L/∂θ| over conv and dense weights, L the cross-entropy of the batch.</summary>
    public const string Snip = "snip";

    /// <summary>Σ over conv and dense layers of ‖∂L/∂W‖₂.</summary>
    public const string GradNorm = "grad_norm";

    /// <summary>Σ over conv and dense output channels of ½·mean_n (Σ_spatial a ⊙ ∂L/∂a)², a the layer's output.</summary>
    public const string Fisher = "fisher";

    /// <summary>Trainable parameters of the network with batch norm (NAS-Bench-101's count).</summary>
    public const string Params = "params";

    /// <summary>Multiply-accumulates of the convolutions and the dense layer for one image.</summary>
    public const string Flops = "flops";

    /// <summary>Every proxy, in the column order of proxies.csv.</summary>
    public static IReadOnlyList<string> All { get; } = [Synflow, JacobCov, Naswot, Snip, GradNorm, Fisher, Params, Flops];

    /// <summary>True for the proxies that need a batch of images (and labels).</summary>
    public static bool NeedsData(string name) => name is JacobCov or Naswot or Snip or GradNorm or Fisher;

    /// <summary>Parses a comma-separated list (null or empty: all), in <see cref="All"/>'s order, throwing on unknown names.</summary>
    public static IReadOnlyList<string> Parse(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return All;
        }

        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string name in names.Where(n => !All.Contains(n)))
        {
            throw new ArgumentException($"Unknown proxy '{name}': use {string.Join(", ", All)}.");
        }

        return [.. All.Where(names.Contains)];
    }
}
