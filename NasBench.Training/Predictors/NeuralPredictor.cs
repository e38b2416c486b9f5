using NasBench.Core.Search;
using NasBench.Core.SearchSpace;
using NasBench.Training.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace NasBench.Training.Predictors;

/// <summary>
/// The one neural predictor of the lab: an ensemble of MLPs (<see cref="PredictorEnsemble"/>) over an encoding of the cell,
/// trained with Adam on the queried cells, on the CPU, every random draw from one seed, so a run reproduces bit for
/// bit. AlphaX's meta-DNN (<see cref="NeuralPredictorOptions.AlphaXMetaDnn"/>) and BANANAS's ensemble
/// (<see cref="NeuralPredictorOptions.BananasEnsemble"/>) are two settings of it.
/// </summary>
/// <remarks>
/// <code>
/// new(options, seed):      random = Random(seed); each member drawn from it in turn; one Adam over the stacked
///                          weights (elementwise, so each member's update is the one its own Adam would make)
/// Fit(cells, accuracies):  x = encodings (AlphaX's 56 numbers or the truncated path encoding); y = accuracy, or
///                          100·(1 − accuracy) for the error target
///                          fitted before and not WarmStart → fresh weights from random and a fresh Adam
///                          Epochs times: each member shuffles its own order (random); batches of BatchSize, each
///                          member its own rows: Adam step on Σ_members Loss(member(x), y)
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
    private readonly PredictorEnsemble _members;
    private AdamStep _adam;

    /// <summary>An untrained predictor whose weights and shuffles come from <paramref name="seed"/>.</summary>
    public NeuralPredictor(NeuralPredictorOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.SetThreads(1);
        _options = options;
        _random = new Random(seed);
        _members = new PredictorEnsemble(options, _random);
        _adam = new AdamStep(_members.parameters(), _options.LearningRate, 0.9, _options.Beta2);
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
        int n = cells.Count, members = _members.Members, inputs = _options.InputLength;
        var x = Encode(cells);
        var y = tensor(accuracies.Select(a => (float)ToTarget(a)).ToArray());
        if (IsFitted && !_options.WarmStart)
        {
            _members.Initialise(_random);
            _adam.Dispose();
            _adam = new AdamStep(_members.parameters(), _options.LearningRate, 0.9, _options.Beta2);
        }

        // Each member its own shuffle per epoch (member order within an epoch); with one member the stream is the
        // unstacked loop's: every epoch's shuffle in turn.
        var orders = new int[members][];
        for (int e = 0; e < members; e++)
        {
            orders[e] = [.. Enumerable.Range(0, n)];
        }

        _members.train();
        var rows = new long[members * _options.BatchSize];
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            foreach (var order in orders)
            {
                _random.Shuffle(order);
            }

            for (int start = 0; start < n; start += _options.BatchSize)
            {
                using var batchScope = NewDisposeScope();
                int size = Math.Min(n, start + _options.BatchSize) - start;
                for (int e = 0; e < members; e++)
                {
                    for (int k = 0; k < size; k++)
                    {
                        rows[(e * size) + k] = orders[e][start + k];
                    }
                }

                var index = tensor(rows.AsSpan(0, members * size).ToArray());
                var output = _members.call(x.index_select(0, index).view(members, size, inputs));   // [E, b]
                var target = y.index_select(0, index).view(members, size);
                var error = output - target;
                var perMember = _options.Loss == PredictorLoss.AbsoluteError ? error.abs().mean([1]) : error.square().mean([1]);
                var loss = perMember.sum();   // each member's gradient is its own mean loss's
                _adam.ZeroGrad();
                loss.backward();
                _adam.Step();
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

    /// <summary>Every member's outputs (in the target's units: accuracy, or error in percent), [member][cell].</summary>
    public float[][] PredictMembers(ReadOnlySpan<CellKey> cells)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = Encode(cells.ToArray());
        _members.eval();
        var output = _members.call(x.unsqueeze(0).expand(_members.Members, -1, -1));   // [E, n]
        var outputs = new float[_members.Members][];
        for (int m = 0; m < outputs.Length; m++)
        {
            outputs[m] = output[m].data<float>().ToArray();
        }

        return outputs;
    }

    private double ToTarget(double accuracy) => _options.Target == PredictorTarget.ErrorPercent ? 100 * (1 - accuracy) : accuracy;

    private double ToAccuracy(double output) => _options.Target == PredictorTarget.ErrorPercent ? 1 - (output / 100) : output;

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
        _adam.Dispose();
        _members.Dispose();
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
