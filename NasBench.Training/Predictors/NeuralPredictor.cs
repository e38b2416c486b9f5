using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Training.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Predictors;

/// <summary>
/// The one neural predictor of the lab: an ensemble of <see cref="PredictorNetwork"/>s over an encoding of the cell,
/// trained with Adam on the queried cells, on the CPU, every random draw from one seed, so a run reproduces bit for
/// bit. AlphaX's meta-DNN (<see cref="NeuralPredictorOptions.AlphaXMetaDnn"/>) and BANANAS's ensemble
/// (<see cref="NeuralPredictorOptions.BananasEnsemble"/>) are two settings of it.
/// </summary>
/// <remarks>
/// <code>
/// new(options, seed):      random = Random(seed); each member drawn from it in turn; an Adam per member
/// Fit(cells, accuracies):  x = encodings (AlphaX's 56 numbers or the truncated path encoding); y = accuracy, or
///                          100·(1 − accuracy) for the error target; for each member in turn:
///                            fitted before and not WarmStart → fresh weights from random and a fresh Adam
///                            Epochs times: shuffle (random), batches of BatchSize: Adam step on Loss(member(x), y)
/// Predict(cells):          each member's output under no_grad, as an accuracy; the mean over members
/// PredictDistribution:     that mean and the members' population sd (numpy's np.std, ddof 0)
/// </code>
/// A predictor sets TorchSharp's intra-op threads to 1 (process-wide, as <see cref="TorchRuntime.SetThreads"/> is; a
/// training sets its own count when it starts): the runner already runs one search run per core, and the networks are
/// small, so more threads only add OpenMP's spin-waiting — on the shared 2-core box one Adam step of BANANAS's network
/// cost 45 ms of CPU with 2 threads and 2 ms with 1.
/// </remarks>
public sealed class NeuralPredictor : IArchitecturePredictor
{
    private readonly NeuralPredictorOptions _options;
    private readonly Random _random;
    private readonly PredictorNetwork[] _members;
    private readonly optim.Optimizer[] _optimizers;

    /// <summary>An untrained predictor whose weights and shuffles come from <paramref name="seed"/>.</summary>
    public NeuralPredictor(NeuralPredictorOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.SetThreads(1);
        _options = options;
        _random = new Random(seed);
        _members = [.. Enumerable.Range(0, options.EnsembleSize).Select(_ => new PredictorNetwork(options, _random))];
        _optimizers = [.. _members.Select(NewAdam)];
    }

    /// <summary>The description it was built from.</summary>
    public NeuralPredictorOptions Options => _options;

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
        var y = tensor(accuracies.Select(a => (float)ToTarget(a)).ToArray());
        int[] order = [.. Enumerable.Range(0, cells.Count)];
        for (int m = 0; m < _members.Length; m++)
        {
            if (IsFitted && !_options.WarmStart)
            {
                _members[m].Initialise(_random);
                _optimizers[m].Dispose();
                _optimizers[m] = NewAdam(_members[m]);
            }

            _members[m].train();
            for (int epoch = 0; epoch < _options.Epochs; epoch++)
            {
                _random.Shuffle(order);
                for (int start = 0; start < order.Length; start += _options.BatchSize)
                {
                    using var batchScope = NewDisposeScope();
                    var index = tensor(order[start..Math.Min(order.Length, start + _options.BatchSize)].Select(i => (long)i).ToArray());
                    var output = _members[m].call(x.index_select(0, index));
                    var target = y.index_select(0, index);
                    var loss = _options.Loss == PredictorLoss.AbsoluteError ? nn.functional.l1_loss(output, target) : nn.functional.mse_loss(output, target);
                    _optimizers[m].zero_grad();
                    loss.backward();
                    _optimizers[m].step();
                }
            }
        }

        IsFitted = true;
    }

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<CellKey> cells, Span<double> predictions) => Summarise(PredictMembers(cells), predictions, default);

    /// <inheritdoc/>
    public void PredictDistribution(ReadOnlySpan<CellKey> cells, Span<double> mean, Span<double> standardDeviation)
    {
        if (standardDeviation.Length < cells.Length)
        {
            throw new ArgumentException($"Room for {cells.Length} sds is needed (got {standardDeviation.Length}).", nameof(standardDeviation));
        }

        Summarise(PredictMembers(cells), mean, standardDeviation);
    }

    /// <summary>The members' mean per cell, as accuracies, and (when given room) their population sd.</summary>
    private void Summarise(float[][] outputs, Span<double> mean, Span<double> standardDeviation)
    {
        int count = outputs[0].Length;
        for (int i = 0; i < count; i++)
        {
            double sum = 0;
            foreach (var member in outputs)
            {
                sum += ToAccuracy(member[i]);
            }

            double m = sum / outputs.Length;
            mean[i] = m;
            if (!standardDeviation.IsEmpty)
            {
                double squares = 0;
                foreach (var member in outputs)
                {
                    double d = ToAccuracy(member[i]) - m;
                    squares += d * d;
                }

                standardDeviation[i] = Math.Sqrt(squares / outputs.Length);
            }
        }
    }

    /// <summary>Every member's outputs as accuracies, [member][cell].</summary>
    public float[][] PredictMembers(ReadOnlySpan<CellKey> cells)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = Encode(cells.ToArray());
        var outputs = new float[_members.Length][];
        for (int m = 0; m < _members.Length; m++)
        {
            _members[m].eval();
            outputs[m] = _members[m].call(x).data<float>().ToArray();
        }

        return outputs;
    }

    private double ToTarget(double accuracy) => _options.Target == PredictorTarget.ErrorPercent ? 100 * (1 - accuracy) : accuracy;

    private double ToAccuracy(double output) => _options.Target == PredictorTarget.ErrorPercent ? 1 - (output / 100) : output;

    private optim.Optimizer NewAdam(PredictorNetwork member) => optim.Adam(member.parameters(), _options.LearningRate, 0.9, _options.Beta2);

    /// <summary>Encodings as a [count, InputLength] float tensor.</summary>
    private Tensor Encode(IReadOnlyList<CellKey> cells)
    {
        int length = _options.InputLength;
        var values = new float[cells.Count * length];
        for (int i = 0; i < cells.Count; i++)
        {
            var row = values.AsSpan(i * length, length);
            if (_options.Encoding == PredictorEncoding.AlphaX)
            {
                AlphaXEncoding.Encode(cells[i], row);
            }
            else
            {
                PathEncoding.Encode(cells[i], row);
            }
        }

        return tensor(values, [cells.Count, length]);
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

/// <summary>
/// Makes a <see cref="NeuralPredictor"/> per run from the description a search gives (AlphaX's meta-DNN, BANANAS's
/// ensemble): what the CLI and the lab server hand to both. (Named for the meta-DNN it first served.)
/// </summary>
public sealed class MetaDnnPredictorFactory : IArchitecturePredictorFactory
{
    /// <summary>The one instance the hosts inject.</summary>
    public static MetaDnnPredictorFactory Default { get; } = new();

    /// <inheritdoc/>
    public string Name => "neural";

    /// <inheritdoc/>
    public IArchitecturePredictor Create(NeuralPredictorOptions options, int seed) => new NeuralPredictor(options, seed);
}
