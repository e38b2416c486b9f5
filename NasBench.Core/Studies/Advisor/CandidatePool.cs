using NasBench.Core.Benchmark;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Studies.Advisor;

/// <summary>How a cell came into a pool: among the top by CIFAR-10 accuracy, the uniform sample, or named by hash.</summary>
public enum PoolSource
{
    /// <summary>Among the top N by CIFAR-10 validation accuracy at 108 epochs (mean of the 3 repeats).</summary>
    Top,

    /// <summary>Drawn uniformly (seeded) from the other cells the store holds.</summary>
    Uniform,

    /// <summary>Named by its hash.</summary>
    Listed,
}

/// <summary>One cell of a pool: its position in the candidates (a store's cell index, or a file's row), hash, how it came in, and its reference accuracy.</summary>
/// <param name="Position">A store's cell index, or the row of a cells file.</param>
/// <param name="Hash">The module hash.</param>
/// <param name="Source">How the cell came into the pool.</param>
/// <param name="Accuracy">The reference accuracy the pool is ranked by: from a store, CIFAR-10 validation accuracy at 108 epochs, mean of the 3 repeats.</param>
public sealed record PoolCell(int Position, string Hash, PoolSource Source, double Accuracy);

/// <summary>
/// The cells of a proxies run or of the advisor's candidate pool: the top N by CIFAR-10 accuracy, a seeded uniform sample
/// of the rest, and cells named by hash; straight from a benchmark store, or from any list of cells with an accuracy.
/// </summary>
/// <remarks>
/// <code>
/// acc(c) = from a store: mean over the 3 repeats of the final validation accuracy at 108 epochs   # validation, as a search would choose
/// top    = the N candidates with the highest acc, best first (ties: the earlier candidate first; NaN never)
/// listed = the hashes given, in the order given (an unknown or unheld hash is an error that names it)
/// uniform = Shuffle(the candidates not already in top ∪ listed, SeedStreams(seed, 0, CellSampling))[..M], in draw order
/// pool = top, then listed, then uniform (distinct)
/// </code>
/// </remarks>
public static class CandidatePool
{
    /// <summary>The epoch budget a store's pool is ranked at.</summary>
    public const int Epochs = 108;

    /// <summary>Positions into <paramref name="accuracy"/>: the <paramref name="top"/> best, then <paramref name="listed"/>, then
    /// <paramref name="uniform"/> others drawn by <paramref name="seed"/> (the remarks' rule).</summary>
    public static IReadOnlyList<(int Position, PoolSource Source)> Select(IReadOnlyList<double> accuracy, int top, int uniform, int seed, IReadOnlyList<int>? listed = null)
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        var pool = new List<(int, PoolSource)>();
        var taken = new HashSet<int>();
        foreach (int i in Top(accuracy, top))
        {
            taken.Add(i);
            pool.Add((i, PoolSource.Top));
        }

        foreach (int i in listed ?? [])
        {
            if (taken.Add(i))
            {
                pool.Add((i, PoolSource.Listed));
            }
        }

        if (uniform > 0)
        {
            var rest = Enumerable.Range(0, accuracy.Count).Where(i => !taken.Contains(i)).ToArray();
            if (uniform > rest.Length)
            {
                throw new ArgumentException($"{uniform} uniform cells were asked for but only {rest.Length} other cells are there to draw from.");
            }

            SeedStreams.Create(seed, 0, StreamPurpose.CellSampling).Shuffle(rest);
            pool.AddRange(rest[..uniform].Select(i => (i, PoolSource.Uniform)));
        }

        return pool;
    }

    /// <summary>The pool straight from a benchmark store: <paramref name="top"/> best cells by CIFAR-10 validation accuracy at 108 epochs
    /// (mean of 3), the <paramref name="hashes"/>, and <paramref name="uniform"/> other held cells drawn by <paramref name="seed"/>.</summary>
    public static IReadOnlyList<PoolCell> FromStore(IBenchmarkData data, int top, int uniform, int seed, IReadOnlyList<string>? hashes = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.Epochs.Contains(Epochs))
        {
            throw new ArgumentException($"The benchmark holds no {Epochs}-epoch results (it has {string.Join(", ", data.Epochs)}): the pool is ranked by CIFAR-10 accuracy at {Epochs} epochs.");
        }

        var cells = data.CellIndices;
        var accuracy = new double[cells.Count];
        var positionOf = new Dictionary<int, int>(cells.Count);
        for (int i = 0; i < cells.Count; i++)
        {
            accuracy[i] = Validation(data, cells[i]);
            positionOf[cells[i]] = i;
        }

        var listed = (hashes ?? []).Select(h => positionOf[Find(data, h)]).ToList();
        return [.. Select(accuracy, top, uniform, seed, listed).Select(p => new PoolCell(cells[p.Position], data.Space.Hash(cells[p.Position]).ToString(), p.Source, accuracy[p.Position]))];
    }

    /// <summary>The positions of the <paramref name="count"/> highest accuracies, best first (ties: the earlier position first; NaN never).</summary>
    public static IReadOnlyList<int> Top(IReadOnlyList<double> accuracy, int count)
    {
        ArgumentNullException.ThrowIfNull(accuracy);
        if (count <= 0)
        {
            return [];
        }

        // A bounded min-heap: one pass over up to 423,624 cells, O(n log N).
        var heap = new PriorityQueue<int, (double Accuracy, int NegPosition)>();
        for (int i = 0; i < accuracy.Count; i++)
        {
            if (double.IsNaN(accuracy[i]))
            {
                continue;
            }

            var key = (accuracy[i], -i);
            if (heap.Count < count)
            {
                heap.Enqueue(i, key);
            }
            else if (heap.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
            {
                heap.DequeueEnqueue(i, key);
            }
        }

        var best = new List<int>(heap.Count);
        while (heap.TryDequeue(out int i, out _))
        {
            best.Add(i);
        }

        best.Reverse();
        return best;
    }

    /// <summary>Mean over the 3 repeats of the final CIFAR-10 validation accuracy at 108 epochs.</summary>
    public static double Validation(IBenchmarkData data, int cell) => Mean(data, cell, m => m.ValidationAccuracy);

    /// <summary>Mean over the 3 repeats of the final CIFAR-10 test accuracy at 108 epochs.</summary>
    public static double Test(IBenchmarkData data, int cell) => Mean(data, cell, m => m.TestAccuracy);

    private static int Find(IBenchmarkData data, string hash)
    {
        if (!CellHash.TryParse(hash.Trim(), out var parsed))
        {
            throw new ArgumentException($"'{hash}' is not a cell hash (32 hexadecimal digits).");
        }

        int cell = data.Space.IndexOf(parsed);
        if (cell < 0 || !data.Contains(cell))
        {
            throw new ArgumentException($"The cell {hash} is not in the benchmark store.");
        }

        return cell;
    }

    private static double Mean(IBenchmarkData data, int cell, Func<EvaluationMetrics, float> value)
    {
        double sum = 0;
        for (int r = 0; r < IBenchmarkData.Repeats; r++)
        {
            sum += value(data.Metrics(cell, Epochs, r).Final);
        }

        return sum / IBenchmarkData.Repeats;
    }
}
