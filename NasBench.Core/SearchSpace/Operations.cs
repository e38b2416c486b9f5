namespace NasBench.Core.SearchSpace;

/// <summary>The operation names of NAS-Bench-101 and their integer labels.</summary>
/// <remarks>
/// Interior labels are the index in <see cref="Available"/> (conv3x3 = 0, conv1x1 = 1, maxpool = 2); the graph
/// hash labels the input -1 and the output -2.
/// </remarks>
public static class Operations
{
    /// <summary>The input vertex's operation name.</summary>
    public const string Input = "input";
    /// <summary>The output vertex's operation name.</summary>
    public const string Output = "output";
    /// <summary>3×3 convolution, batch norm, ReLU.</summary>
    public const string Conv3x3 = "conv3x3-bn-relu";
    /// <summary>1×1 convolution, batch norm, ReLU.</summary>
    public const string Conv1x1 = "conv1x1-bn-relu";
    /// <summary>3×3 max pooling, stride 1.</summary>
    public const string MaxPool3x3 = "maxpool3x3";

    /// <summary>The label number of the input vertex in the hashing scheme.</summary>
    public const int InputLabel = -1;
    /// <summary>The label number of the output vertex in the hashing scheme.</summary>
    public const int OutputLabel = -2;

    /// <summary>The interior operations, in label order.</summary>
    public static IReadOnlyList<string> Available { get; } = [Conv3x3, Conv1x1, MaxPool3x3];

    /// <summary>The label of an interior operation name, or -1 when the name is not an interior operation.</summary>
    public static int LabelOf(string name) => name switch
    {
        Conv3x3 => 0,
        Conv1x1 => 1,
        MaxPool3x3 => 2,
        _ => -1,
    };

    /// <summary>The operation name of a label number.</summary>
    public static string NameOf(int label) => label switch
    {
        0 => Conv3x3,
        1 => Conv1x1,
        2 => MaxPool3x3,
        InputLabel => Input,
        OutputLabel => Output,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not an operation label."),
    };
}
