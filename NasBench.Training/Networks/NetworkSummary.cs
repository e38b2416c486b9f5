using System.Globalization;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Networks;

/// <summary>A layer-by-layer description of a network: output shape and trainable parameters of each stage.</summary>
public static class NetworkSummary
{
    /// <summary>Runs one image of side <paramref name="imageSize"/> through the stages (eval mode, no gradients) and describes them.</summary>
    public static string Describe(NasBenchNetwork network, int imageSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"cell       {network.Spec.AdjacencyString} {network.Spec.OperationsString}\nhash       {network.Spec.Hash}\n");
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = zeros(1, network.Options.InputChannels, imageSize, imageSize);
        sb.Append(CultureInfo.InvariantCulture, $"{"input",-44} {Shape(x),-20}\n");
        foreach (var (name, module) in network.named_children())
        {
            if (module is TorchSharp.Modules.Sequential sequence)
            {
                foreach (var (child, layer) in sequence.named_children())
                {
                    x = ((nn.Module<Tensor, Tensor>)layer).call(x);
                    Line(sb, $"{name}.{child} {Label(layer)}", x, layer);
                }
            }
            else if (module is TorchSharp.Modules.Linear)
            {
                x = x.mean([2L, 3L]);
                sb.Append(CultureInfo.InvariantCulture, $"{"global average pool",-44} {Shape(x),-20}\n");
                x = ((nn.Module<Tensor, Tensor>)module).call(x);
                Line(sb, "dense", x, module);
            }
            else
            {
                x = ((nn.Module<Tensor, Tensor>)module).call(x);
                Line(sb, $"{name} {Label(module)}", x, module);
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"output shape {Shape(x)}\ntrainable parameters {network.TrainableParameterCount}\n");
        return sb.ToString();
    }

    private static string Label(nn.Module module) => module switch
    {
        Cell cell => $"cell vc=[{string.Join(',', cell.Channels)}]",
        TorchSharp.Modules.MaxPool2d => "maxpool 2x2/2",
        _ => module.GetName(),
    };

    private static void Line(StringBuilder sb, string name, Tensor x, nn.Module module)
    {
        long parameters = module.parameters().Sum(p => p.numel());
        sb.Append(CultureInfo.InvariantCulture, $"{name,-44} {Shape(x),-20} {parameters,12:N0}\n");
    }

    private static string Shape(Tensor x) => "[" + string.Join(", ", x.shape) + "]";
}
