using NasBench.Training.Networks;
using NasBench.Training.Trainers;

namespace NasBench.Training.Transfer;

/// <summary>How cells are drawn for the study.</summary>
public enum TransferSampler
{
    /// <summary>N distinct cells drawn uniformly from the cells the benchmark data holds.</summary>
    Unique,

    /// <summary>The seed paper's way: raw 7×7 matrices with uniform bits and ops, resampled until valid and held by the data (duplicates possible).</summary>
    Raw,
}

/// <summary>A cross-dataset (transfer) study: which cells, trained how, written where.</summary>
/// <param name="Cells">Cells to sample and train.</param>
/// <param name="OutputDirectory">Folder of cells.csv, table.csv and the plots; rerunning with the same folder resumes.</param>
/// <param name="Recipe">Training recipe (the seed paper's by default, with its 6 epochs).</param>
/// <param name="Network">Network shape (the dataset's input channels must match).</param>
/// <param name="Training">Device, threads and seed of every training (each cell trains with this seed).</param>
/// <param name="Sampler">How cells are drawn. The default value is <see cref="TransferSampler.Unique"/>.</param>
/// <param name="Seed">Seed of the cell sample and of the CIFAR-10 repeat picked per cell. The default value is 0.</param>
/// <param name="TrainImages">Use only the first N training images; null = all. The default value is null.</param>
/// <param name="TestImages">Use only the first N test (and validation) images; null = all. The default value is null.</param>
public sealed record TransferStudyOptions(
    int Cells,
    string OutputDirectory,
    TrainingRecipe Recipe,
    NetworkOptions Network,
    TrainingOptions Training,
    TransferSampler Sampler = TransferSampler.Unique,
    int Seed = 0,
    int? TrainImages = null,
    int? TestImages = null);
