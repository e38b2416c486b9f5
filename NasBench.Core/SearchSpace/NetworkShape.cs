namespace NasBench.Core.SearchSpace;

/// <summary>The outer skeleton of the NAS-Bench-101 network: stem, stacks of cells, classifier.</summary>
/// <param name="StemChannels">Output channels of the 3×3 stem convolution. The default value is 128.</param>
/// <param name="Stacks">Stacks of cells; before each stack but the first, a 2×2 max-pool halves the resolution and the channels double. The default value is 3.</param>
/// <param name="CellsPerStack">Cells in each stack. The default value is 3.</param>
/// <param name="InputChannels">Image channels (3 for CIFAR-10, 1 for FashionMNIST). The default value is 3.</param>
/// <param name="Classes">Output classes. The default value is 10.</param>
/// <remarks>The one source of the NAS-Bench-101 defaults: option defaults elsewhere read the constants below.</remarks>
public sealed record NetworkShape(int StemChannels = NetworkShape.DefaultStemChannels, int Stacks = NetworkShape.DefaultStacks,
    int CellsPerStack = NetworkShape.DefaultCellsPerStack, int InputChannels = NetworkShape.DefaultInputChannels, int Classes = NetworkShape.DefaultClasses)
{
    /// <summary>NAS-Bench-101's stem channels.</summary>
    public const int DefaultStemChannels = 128;

    /// <summary>NAS-Bench-101's stacks.</summary>
    public const int DefaultStacks = 3;

    /// <summary>NAS-Bench-101's cells per stack.</summary>
    public const int DefaultCellsPerStack = 3;

    /// <summary>CIFAR-10's image channels.</summary>
    public const int DefaultInputChannels = 3;

    /// <summary>CIFAR-10's classes.</summary>
    public const int DefaultClasses = 10;

    /// <summary>The network of the NAS-Bench-101 table.</summary>
    public static NetworkShape NasBench101 { get; } = new();

    /// <summary>Channels of the cells of stack s (0-based).</summary>
    public int StackChannels(int stack) => StemChannels << stack;

    /// <summary>Throws when channels, stacks or cells are not positive or there are fewer than 2 classes.</summary>
    public void Validate()
    {
        if (StemChannels < 1 || Stacks < 1 || CellsPerStack < 1 || InputChannels < 1 || Classes < 2)
        {
            throw new ArgumentException($"Invalid network shape {this}: channels, stacks and cells must be positive and classes at least 2.");
        }
    }
}
