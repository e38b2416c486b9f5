using NasBench.Core.SearchSpace;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Networks;

/// <summary>One NAS-Bench-101 cell (the reference's <c>build_module</c>) from a pruned cell.</summary>
/// <remarks>
/// <code>
/// vc = compute_vertex_channels(in, out, matrix); tensors[0] = x
/// for t in 1 .. V-2:
///     add_in = [truncate(tensors[s], vc[t]) for interior s &lt; t with s→t] + [projection_t(x) if 0→t]
///     tensors[t] = op_t(sum(add_in))                       # conv k×k-BN-ReLU with vc[t] channels, or 3×3 max-pool
/// out = concat(tensors[t] for t→V-1, in vertex order)     # channels sum to `out`
/// if 0→V-1: out = (out + projection_out(x)) if any t→V-1 else projection_out(x)
/// </code>
/// Projections are 1×1 conv-BN-ReLU; truncation keeps the first channels. The sums pass <c>add</c>'s alpha 1 as a
/// <see cref="Scalar"/> kept alive here: <c>a + b</c> would leave it to the garbage collector, which another thread's
/// collection can finalize while the kernel reads it (see <see cref="Predictors.AdamStep"/>).
/// </remarks>
public sealed class Cell : nn.Module<Tensor, Tensor>
{
    private readonly CellKey cell;
    private readonly int[] vertexChannels;
    private readonly nn.Module<Tensor, Tensor>?[] ops;
    private readonly nn.Module<Tensor, Tensor>?[] inputProjections;
    private readonly nn.Module<Tensor, Tensor>? outputProjection;

    /// <summary>
    /// The cell's vertices with the reference's channel split between <paramref name="inChannels"/> and <paramref name="outChannels"/>
    /// (without batch norm when <paramref name="batchNorm"/> is false).
    /// </summary>
    public Cell(CellKey cell, int inChannels, int outChannels, double momentum = NetworkOptions.DefaultBatchNormMomentum, bool batchNorm = true)
        : base("cell")
    {
        this.cell = cell;
        int n = cell.VertexCount;
        vertexChannels = VertexChannels.Compute(inChannels, outChannels, cell);
        ops = new nn.Module<Tensor, Tensor>?[n];
        inputProjections = new nn.Module<Tensor, Tensor>?[n];
        for (int t = 1; t < n - 1; t++)
        {
            int c = vertexChannels[t];
            if (cell.HasEdge(0, t))
            {
                inputProjections[t] = new ConvBnRelu(inChannels, c, 1, momentum: momentum, batchNorm: batchNorm);
                register_module($"input_projection_{t}", inputProjections[t]!);
            }

            ops[t] = cell.Operation(t) switch
            {
                Operations.Conv3x3 => new ConvBnRelu(c, c, 3, momentum: momentum, batchNorm: batchNorm),
                Operations.Conv1x1 => new ConvBnRelu(c, c, 1, momentum: momentum, batchNorm: batchNorm),
                _ => nn.MaxPool2d(3, stride: 1, padding: 1),
            };
            register_module($"vertex_{t}", ops[t]!);
        }

        if (cell.HasEdge(0, n - 1))
        {
            outputProjection = new ConvBnRelu(inChannels, outChannels, 1, momentum: momentum, batchNorm: batchNorm);
            register_module("output_projection", outputProjection);
        }
    }

    /// <summary>The vertex channels of this cell (Core's <see cref="VertexChannels"/>).</summary>
    public IReadOnlyList<int> Channels => vertexChannels;

    /// <summary>
    /// Runs the cell's DAG: projections of the input, each vertex's operation on the sum of its inputs, the output concatenated.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var one = 1.ToScalar();
        int n = cell.VertexCount;
        var tensors = new Tensor[n];
        tensors[0] = input;
        var concat = new List<Tensor>();
        for (int t = 1; t < n - 1; t++)
        {
            Tensor? sum = null;
            for (int s = 1; s < t; s++)
            {
                if (cell.HasEdge(s, t))
                {
                    var truncated = Truncate(tensors[s], vertexChannels[t]);
                    sum = sum is null ? truncated : sum.add(truncated, one);
                }
            }

            if (inputProjections[t] is { } projection)
            {
                var projected = projection.call(input);
                sum = sum is null ? projected : sum.add(projected, one);
            }

            tensors[t] = ops[t]!.call(sum!);
            if (cell.HasEdge(t, n - 1))
            {
                concat.Add(tensors[t]);
            }
        }

        Tensor output = concat.Count switch
        {
            0 => outputProjection!.call(input),
            1 => concat[0],
            _ => torch.cat(concat, 1),
        };
        if (concat.Count > 0 && outputProjection is not null)
        {
            output = output.add(outputProjection.call(input), one);
        }

        return output.MoveToOuterDisposeScope();
    }

    /// <summary>The reference's <c>truncate</c>: the first <paramref name="channels"/> channels.</summary>
    internal static Tensor Truncate(Tensor x, int channels)
    {
        long have = x.shape[1];
        if (have < channels)
        {
            throw new InvalidOperationException($"Cannot truncate {have} channels to {channels}.");
        }

        return have == channels ? x : x.narrow(1, 0, channels);
    }
}
