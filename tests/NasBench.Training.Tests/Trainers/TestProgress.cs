using NasBench.Core.Experiments;
using NasBench.Core.Progress;
using NasBench.Core.SearchSpace;
using NasBench.Training.Networks;

namespace NasBench.Training.Tests.Trainers;

/// <summary>Progress delivered synchronously on the reporting thread (Progress&lt;T&gt; posts later, too late to cancel on cue).</summary>
internal sealed class TestProgress(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
{
    public void Report(ExperimentProgress value) => report(value);
}

/// <summary>The tiny trainings of these tests: a real V = 4 cell, a narrow network, one thread.</summary>
internal static class Tiny
{
    /// <summary>input → conv3×3 → output plus input → conv1×1 → output (a real V = 4 cell shape).</summary>
    public static readonly ModelSpec Cell = ModelSpec.Parse("0110000100010000", "input,conv3x3-bn-relu,conv1x1-bn-relu,output");

    /// <summary>Stem 16, one cell per stack, FashionMNIST's one channel, the default BN momentum (0.003).</summary>
    public static readonly NetworkOptions Network = new(StemChannels: 16, Stacks: 3, CellsPerStack: 1, InputChannels: 1);
}
