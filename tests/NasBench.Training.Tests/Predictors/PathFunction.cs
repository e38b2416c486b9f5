using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Training.Predictors;

namespace NasBench.Training.Tests.Predictors;

/// <summary>A known function of the path encoding that the path predictors (BANANAS's, NPENAS's) must learn, and random
/// cells to learn it on.</summary>
internal static class PathFunction
{
    /// <summary>0.85 + 0.01 per path of at most two ops, − 0.005 per longer path, over the first <paramref name="paths"/>
    /// entries of the encoding (<see cref="PathEncoding.TruncatedLength"/> for BANANAS's, <see cref="PathEncoding.PathCount"/>
    /// for all).</summary>
    public static double Known(CellKey cell, int paths)
    {
        var x = new float[paths];
        PathEncoding.Encode(cell, x);
        return 0.85 + (0.01 * x[..13].Sum()) - (0.005 * x[13..].Sum());
    }

    /// <summary>Fits <paramref name="predictor"/> on 120 random cells (seed 1) labelled by <see cref="Known"/> over
    /// <paramref name="paths"/> paths, predicts 200 unseen ones (seed 2) into <paramref name="mean"/> with
    /// <paramref name="predict"/>, and asserts the error there is under half that of the training labels' mean. Returns
    /// the unseen cells.</summary>
    public static CellKey[] AssertLearnsKnown(NeuralPredictor predictor, int paths, double[] mean, Action<CellKey[], double[]> predict)
    {
        var train = Cells(120, 1);
        CellKey[] test = [.. Cells(mean.Length, 2)];
        double[] labels = [.. train.Select(c => Known(c, paths))];
        predictor.Fit(train, labels);
        predict(test, mean);
        double truthMean = labels.Average();
        double model = test.Select((c, i) => Math.Abs(Known(c, paths) - mean[i])).Average();
        double baseline = test.Select(c => Math.Abs(Known(c, paths) - truthMean)).Average();
        Assert.True(model < baseline / 2, $"MAE {model:F5} on unseen cells vs the training mean's {baseline:F5}");
        return test;
    }

    /// <summary><paramref name="count"/> random raw cells, pruned, from <paramref name="seed"/>.</summary>
    public static List<CellKey> Cells(int count, int seed)
    {
        var random = new Random(seed);
        var cells = new List<CellKey>();
        while (cells.Count < count)
        {
            CellSampler.RandomRaw(random, out var pruned);
            cells.Add(pruned);
        }

        return cells;
    }
}
