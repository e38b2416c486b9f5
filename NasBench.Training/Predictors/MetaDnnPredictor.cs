using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Predictors;

/// <summary>
/// The meta-DNN as a Core predictor: an ensemble (default one network) of <see cref="MetaDnn"/> trained with Adam on
/// MSE, on the CPU, every random draw from one seed, so a run reproduces bit for bit.
/// </summary>
/// <remarks>
/// <code>
/// Fit(cells, accuracies):  x = AlphaX encodings; each member, Epochs times: shuffle (its own stream), batches of
///                          BatchSize: Adam step on MSE(member(x), accuracy); weights and Adam state persist (warm start)
/// Predict(cells):          the members' mean, under no_grad
/// </code>
/// </remarks>
public sealed class MetaDnnPredictor : IArchitecturePredictor
{
    private readonly MetaDnnOptions _options;
    private readonly Random _random;
    private readonly MetaDnn[] _members;
    private readonly optim.Optimizer[] _optimizers;

    /// <summary>An untrained predictor whose weights and shuffles come from <paramref name="seed"/>.</summary>
    public MetaDnnPredictor(MetaDnnOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = new Random(seed);
        _members = [.. Enumerable.Range(0, options.EnsembleSize).Select(_ => new MetaDnn(options.HiddenSizes, _random))];
        _optimizers = [.. _members.Select(m => optim.Adam(m.parameters(), options.LearningRate))];
    }

    /// <inheritdoc/>
    public bool IsFitted { get; private set; }

    /// <inheritdoc/>
    public void Fit(IReadOnlyList<CellKey> cells, IReadOnlyList<double> accuracies)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(accuracies);
        if (cells.Count == 0 || cells.Count != accuracies.Count)
        {
            throw new ArgumentException($"Fit needs as many accuracies as cells, at least one (got {cells.Count} and {accuracies.Count}).");
        }

        using var scope = NewDisposeScope();
        var x = Encode(cells);
        var y = tensor(accuracies.Select(a => (float)a).ToArray());
        int[] order = [.. Enumerable.Range(0, cells.Count)];
        for (int m = 0; m < _members.Length; m++)
        {
            _members[m].train();
            for (int epoch = 0; epoch < _options.Epochs; epoch++)
            {
                _random.Shuffle(order);
                for (int start = 0; start < order.Length; start += _options.BatchSize)
                {
                    using var batchScope = NewDisposeScope();
                    var index = tensor(order[start..Math.Min(order.Length, start + _options.BatchSize)].Select(i => (long)i).ToArray());
                    var loss = nn.functional.mse_loss(_members[m].call(x.index_select(0, index)), y.index_select(0, index));
                    _optimizers[m].zero_grad();
                    loss.backward();
                    _optimizers[m].step();
                }
            }
        }

        IsFitted = true;
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<CellKey> cells, Span<double> predictions)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = Encode(cells.ToArray());
        var sum = zeros(cells.Length);
        foreach (var member in _members)
        {
            member.eval();
            sum += member.call(x);
        }

        var mean = (sum / _members.Length).data<float>().ToArray();
        for (int i = 0; i < cells.Length; i++)
        {
            predictions[i] = mean[i];
        }
    }

    /// <summary>Encodings as a [count, 56] float tensor.</summary>
    private static Tensor Encode(IReadOnlyList<CellKey> cells)
    {
        var values = new float[cells.Count * AlphaXEncoding.Length];
        for (int i = 0; i < cells.Count; i++)
        {
            AlphaXEncoding.Encode(cells[i], values.AsSpan(i * AlphaXEncoding.Length, AlphaXEncoding.Length));
        }

        return tensor(values, [cells.Count, AlphaXEncoding.Length]);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var optimizer in _optimizers)
        {
            optimizer.Dispose();
        }

        foreach (var member in _members)
        {
            member.Dispose();
        }
    }
}

/// <summary>Makes a <see cref="MetaDnnPredictor"/> per run: what the CLI and the lab server give alphax.</summary>
/// <param name="options">The meta-DNN's options; null for the defaults.</param>
public sealed class MetaDnnPredictorFactory(MetaDnnOptions? options = null) : IArchitecturePredictorFactory
{
    /// <summary>The defaults (AlphaX's meta-DNN).</summary>
    public static MetaDnnPredictorFactory Default { get; } = new();

    /// <summary>The options every predictor gets.</summary>
    public MetaDnnOptions Options { get; } = options ?? new MetaDnnOptions();

    /// <inheritdoc/>
    public string Name => "meta-dnn";

    /// <inheritdoc/>
    public IArchitecturePredictor Create(int seed) => new MetaDnnPredictor(Options, seed);
}
