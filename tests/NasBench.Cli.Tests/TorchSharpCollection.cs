namespace NasBench.Cli.Tests;

/// <summary>CLI tests that train with TorchSharp: one at a time, so two trainings never share the two cores.</summary>
[CollectionDefinition(nameof(TorchSharpCollection), DisableParallelization = true)]
public sealed class TorchSharpCollection;
