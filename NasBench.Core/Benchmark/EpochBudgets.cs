namespace NasBench.Core.Benchmark;

/// <summary>The training budgets of NAS-Bench-101 (the reference's <c>valid_epochs</c>).</summary>
public static class EpochBudgets
{
    /// <summary>4, 12, 36 and 108 epochs, ascending.</summary>
    public static IReadOnlyList<int> Valid { get; } = [4, 12, 36, 108];

    /// <summary>The budget every query defaults to.</summary>
    public const int Default = 108;

    /// <summary>The position of a budget in <see cref="Valid"/>, or -1.</summary>
    public static int SlotOf(int epochs) => epochs switch
    {
        4 => 0,
        12 => 1,
        36 => 2,
        108 => 3,
        _ => -1,
    };
}
