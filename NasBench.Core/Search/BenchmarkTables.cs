using NasBench.Core.Benchmark;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

/// <summary>
/// The final (108-epoch) metrics of a benchmark copied into flat arrays indexed by cell, built once and shared
/// read-only by every run: a query is then two array reads. Also the constants reports need, computed from the data.
/// </summary>
public sealed class BenchmarkTables
{
    /// <summary>The epoch budget searches query (the full training of NAS-Bench-101).</summary>
    public const int SearchEpochs = 108;

    private const int R = IBenchmarkData.Repeats;
    private readonly float[] _validation;
    private readonly float[] _test;
    private readonly float[] _time;
    private readonly double[] _meanTest;
    private readonly bool[] _held;

    public BenchmarkTables(IBenchmarkData data, int epochs = SearchEpochs)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        int count = data.Space.Count;
        _validation = new float[count * R];
        _test = new float[count * R];
        _time = new float[count * R];
        _meanTest = new double[count];
        _held = new bool[count];
        Held = data.CellIndices;
        BestMeanTestAccuracy = double.NegativeInfinity;
        BestMeanValidationAccuracy = double.NegativeInfinity;
        foreach (int cell in data.CellIndices)
        {
            _held[cell] = true;
            double sumTest = 0, sumValid = 0;
            for (int k = 0; k < R; k++)
            {
                var final = data.Metrics(cell, epochs, k).Final;
                _validation[(cell * R) + k] = final.ValidationAccuracy;
                _test[(cell * R) + k] = final.TestAccuracy;
                _time[(cell * R) + k] = final.TrainingTime;
                sumTest += final.TestAccuracy;
                sumValid += final.ValidationAccuracy;
            }

            _meanTest[cell] = sumTest / R;
            if (_meanTest[cell] > BestMeanTestAccuracy)
            {
                BestMeanTestAccuracy = _meanTest[cell];
                BestMeanTestCell = cell;
            }

            if (sumValid / R > BestMeanValidationAccuracy)
            {
                BestMeanValidationAccuracy = sumValid / R;
                BestMeanValidationCell = cell;
            }
        }

        if (Held.Count == 0)
        {
            throw new ArgumentException("The benchmark holds no cells.");
        }
    }

    public IBenchmarkData Data { get; }

    public CellIndex Space => Data.Space;

    public bool IsSynthetic => Data.IsSynthetic;

    /// <summary>The cells held, ascending.</summary>
    public IReadOnlyList<int> Held { get; }

    /// <summary>True when the benchmark holds every cell of the space.</summary>
    public bool IsComplete => Held.Count == Space.Count;

    /// <summary>Max over held cells of the mean of the 3 final test accuracies (0.943175752957662 for the real file).</summary>
    public double BestMeanTestAccuracy { get; }

    public int BestMeanTestCell { get; }

    /// <summary>Max over held cells of the mean of the 3 final validation accuracies (0.9505542318026224 for the real file).</summary>
    public double BestMeanValidationAccuracy { get; }

    public int BestMeanValidationCell { get; }

    public bool Contains(int cell) => (uint)cell < (uint)_held.Length && _held[cell];

    public float Validation(int cell, int repeat) => _validation[(cell * R) + repeat];

    public float Test(int cell, int repeat) => _test[(cell * R) + repeat];

    public float TrainingTime(int cell, int repeat) => _time[(cell * R) + repeat];

    public double MeanTest(int cell) => _meanTest[cell];

    /// <summary>Mean of the 3 validation accuracies, summed in repeat order as numpy does for 3 values.</summary>
    public double MeanValidation(int cell) =>
        ((double)_validation[cell * R] + _validation[(cell * R) + 1] + _validation[(cell * R) + 2]) / R;

    public double MeanTrainingTime(int cell) =>
        ((double)_time[cell * R] + _time[(cell * R) + 1] + _time[(cell * R) + 2]) / R;
}
