using NasBench.Core.SearchSpace;

namespace NasBench.Core.Benchmark.Query;

/// <summary>
/// One epoch budget of a benchmark (final or halfway evaluation) copied into a flat array indexed by cell and
/// repeat, built once and shared read-only by every run: a query's four numbers then sit in one 16-byte entry
/// (one cache line). Also the constants reports need, computed from the data.
/// </summary>
public sealed class BenchmarkTables
{
    /// <summary>The epoch budget searches query by default (the full training of NAS-Bench-101).</summary>
    public const int SearchEpochs = EpochBudgets.Default;

    private const int R = IBenchmarkData.Repeats;
    private readonly EvaluationMetrics[] _answers;
    private readonly double[] _meanTest;
    private readonly bool[] _held;

    /// <summary>Copies the evaluations at <paramref name="epochs"/> (halfway ones when <paramref name="stopHalfway"/>).</summary>
    public BenchmarkTables(IBenchmarkData data, int epochs = SearchEpochs, bool stopHalfway = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        QueryRules.CheckEpochs(epochs);
        Data = data;
        Epochs = epochs;
        StopHalfway = stopHalfway;
        int count = data.Space.Count;
        _answers = new EvaluationMetrics[count * R];
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
                var answer = QueryRules.Pick(data.Metrics(cell, epochs, k), stopHalfway);
                _answers[(cell * R) + k] = answer;
                sumTest += answer.TestAccuracy;
                sumValid += answer.ValidationAccuracy;
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

    /// <summary>The benchmark results the tables were built from.</summary>
    public IBenchmarkData Data { get; }

    /// <summary>The search space the cell indices refer to.</summary>
    public CellIndex Space => Data.Space;

    /// <summary>True when the results are synthetic, not NAS-Bench-101's.</summary>
    public bool IsSynthetic => Data.IsSynthetic;

    /// <summary>The epoch budget these tables hold (4, 12, 36 or 108).</summary>
    public int Epochs { get; }

    /// <summary>True when the tables hold the halfway evaluations (a query then charges half the epochs).</summary>
    public bool StopHalfway { get; }

    /// <summary>The cells held, ascending.</summary>
    public IReadOnlyList<int> Held { get; }

    /// <summary>True when the benchmark holds every cell of the space.</summary>
    public bool IsComplete => Held.Count == Space.Count;

    /// <summary>Max over held cells of the mean of the 3 test accuracies (0.943175752957662 for the real file at 108 epochs).</summary>
    public double BestMeanTestAccuracy { get; }

    /// <summary>The held cell with the best mean test accuracy (the optimum regret is measured against).</summary>
    public int BestMeanTestCell { get; }

    /// <summary>Max over held cells of the mean of the 3 validation accuracies (0.9505542318026224 for the real file at 108 epochs).</summary>
    public double BestMeanValidationAccuracy { get; }

    /// <summary>The held cell with the best mean validation accuracy.</summary>
    public int BestMeanValidationCell { get; }

    /// <summary>True when the data holds results for the cell at the tables' budget.</summary>
    public bool Contains(int cell) => (uint)cell < (uint)_held.Length && _held[cell];

    /// <summary>The stored evaluation of one repeat (training time and the three accuracies).</summary>
    public ref readonly EvaluationMetrics Answer(int cell, int repeat) => ref _answers[(cell * R) + repeat];

    /// <summary>The validation accuracy of one repeat of a cell at the tables' budget.</summary>
    public float Validation(int cell, int repeat) => _answers[(cell * R) + repeat].ValidationAccuracy;

    /// <summary>The test accuracy of one repeat of a cell at the tables' budget.</summary>
    public float Test(int cell, int repeat) => _answers[(cell * R) + repeat].TestAccuracy;

    /// <summary>The training seconds of one repeat of a cell at the tables' budget (what a query charges).</summary>
    public float TrainingTime(int cell, int repeat) => _answers[(cell * R) + repeat].TrainingTime;

    /// <summary>The mean test accuracy of the three repeats: what regret is measured with.</summary>
    public double MeanTest(int cell) => _meanTest[cell];

    /// <summary>Mean of the 3 validation accuracies, summed in repeat order as numpy does for 3 values.</summary>
    public double MeanValidation(int cell) =>
        ((double)_answers[cell * R].ValidationAccuracy + _answers[(cell * R) + 1].ValidationAccuracy + _answers[(cell * R) + 2].ValidationAccuracy) / R;

    /// <summary>The mean training seconds of the three repeats (what a mean-of-three query charges).</summary>
    public double MeanTrainingTime(int cell) =>
        ((double)_answers[cell * R].TrainingTime + _answers[(cell * R) + 1].TrainingTime + _answers[(cell * R) + 2].TrainingTime) / R;
}
