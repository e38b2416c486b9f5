using System.Globalization;
using NasBench.Core.Benchmark;
using NasBench.Core.SearchSpace;

namespace NasBench.Training.Tests.Transfer;

/// <summary>
/// Test-only benchmark data read from the real records_30_models_108.csv (30 cells × 3 repeats at 108 epochs),
/// standing in for the store until the benchmark branch is merged.
/// </summary>
public sealed class RecordsBenchmarkData : IBenchmarkData
{
    private static readonly Lazy<CellIndex> SharedSpace = new(() => SpaceEnumerator.Enumerate());
    private readonly Dictionary<(int Cell, int Repeat), RepeatMetrics> metrics = [];
    private readonly Dictionary<int, int> parameters = [];

    public RecordsBenchmarkData()
    {
        Space = SharedSpace.Value;
        foreach (var f in SharedData.ReadCsv("records_30_models_108.csv"))
        {
            int cell = Space.IndexOf(ModelSpec.Parse(f[2], f[3]));
            static float F(string s) => float.Parse(s, CultureInfo.InvariantCulture);
            metrics[(cell, int.Parse(f[1], CultureInfo.InvariantCulture))] = new RepeatMetrics(new EvaluationMetrics(F(f[5]), F(f[6]), F(f[7]), F(f[8])), new EvaluationMetrics(F(f[9]), F(f[10]), F(f[11]), F(f[12])));
            parameters[cell] = int.Parse(f[4], CultureInfo.InvariantCulture);
        }

        CellIndices = [.. parameters.Keys.Order()];
    }

    public CellIndex Space { get; }

    public IReadOnlyList<int> Epochs { get; } = [108];

    public bool IsSynthetic => false;

    public IReadOnlyList<int> CellIndices { get; }

    public bool Contains(int cellIndex) => parameters.ContainsKey(cellIndex);

    public int TrainableParameters(int cellIndex) => parameters.TryGetValue(cellIndex, out int p) ? p : throw new OutOfDomainException($"Cell {cellIndex} is not held.");

    public RepeatMetrics Metrics(int cellIndex, int epochs, int repeat) =>
        epochs == 108 && metrics.TryGetValue((cellIndex, repeat), out var m) ? m : throw new OutOfDomainException($"No metrics for cell {cellIndex} at {epochs} epochs, repeat {repeat}.");
}
