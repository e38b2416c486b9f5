using NasBench.Core.Presentation;

namespace NasBench.Core.Experiments;

/// <summary>Draws figures into files (NasBench.Figures implements it with ScottPlot).</summary>
public interface IFigureRenderer
{
    /// <summary>The files of one figure: <c>name.png</c>, <c>name.svg</c> and <c>name.pdf</c>.</summary>
    IReadOnlyList<Artifact> Render(Figure figure);
}
