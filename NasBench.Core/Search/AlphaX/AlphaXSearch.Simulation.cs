using NasBench.Core.SearchSpace;

namespace NasBench.Core.Search;

internal sealed partial class AlphaXSearch
{
    /// <summary>The mean worth of K random walks of RolloutDepth valid held steps from <paramref name="start"/>.</summary>
    private double Simulate(CellKey start, SearchSession session, Random random)
    {
        Span<CellKey> ends = stackalloc CellKey[options.Simulations];
        Span<int> indices = stackalloc int[options.Simulations];
        Span<double> worth = stackalloc double[options.Simulations];
        Span<CellKey> steps = stackalloc CellKey[CellSampler.MaxNeighbours];
        for (int k = 0; k < ends.Length; k++)
        {
            var cell = start;
            for (int d = 0; d < options.RolloutDepth; d++)
            {
                int count = CellSampler.FillNeighbours(cell, steps);
                for (int tries = 0; tries < count; tries++)
                {
                    var step = steps[random.Next(count)];
                    if (session.TryResolve(step, out _))
                    {
                        cell = step;
                        break;
                    }
                }
            }

            session.TryResolve(cell, out indices[k]);
            ends[k] = session.Space.Cell(indices[k]);
        }

        _predictor!.Predict(ends, worth);
        double sum = 0;
        for (int k = 0; k < ends.Length; k++)
        {
            sum += _queried.TryGetValue(indices[k], out double known) ? known : worth[k];
        }

        return sum / ends.Length;
    }
}
