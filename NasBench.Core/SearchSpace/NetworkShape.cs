namespace NasBench.Core.SearchSpace;

/// <summary>The outer skeleton of the NAS-Bench-101 network: stem, stacks of cells, classifier.</summary>
/// <param name="StemChannels">Output channels of the 3×3 stem convolution. The default value is 128.</param>
/// <param name="Stacks">Stacks of cells; before each stack but the first, a 2×2 max-pool halves the resolution and the channels double. The default value is 3.</param>
/// <param name="CellsPerStack">Cells in each stack. The default value is 3.</param>
/// <param name="InputChannels">Image channels (3 for CIFAR-10, 1 for FashionMNIST). The default value is 3.</param>
/// <param name="Classes">Output classes. The default value is 10.</param>
public sealed record NetworkShape(int StemChannels = 128, int Stacks = 3, int CellsPerStack = 3, int InputChannels = 3, int Classes = 10)
{
    /// <summary>The network of the NAS-Bench-101 table.</summary>
    public static NetworkShape NasBench101 { get; } = new();

    /// <summary>Channels of the cells of stack s (0-based).</summary>
    public int StackChannels(int stack) => StemChannels << stack;

    public void Validate()
    {
        if (StemChannels < 1 || Stacks < 1 || CellsPerStack < 1 || InputChannels < 1 || Classes < 2)
        {
            throw new ArgumentException($"Invalid network shape {this}: channels, stacks and cells must be positive and classes at least 2.");
        }
    }
}
