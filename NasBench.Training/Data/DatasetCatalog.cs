using NasBench.Core.Benchmark.Download;

namespace NasBench.Training.Data;

/// <summary>The datasets by name, with their default local folders and their downloads.</summary>
public static class DatasetCatalog
{
    public static IReadOnlyList<string> Names { get; } = [FashionMnist.Name, Cifar10.Name, Imagenette.Name];

    /// <summary>Image channels of a dataset (the network's input channels).</summary>
    public static int InputChannels(string name) => Normalize(name) == FashionMnist.Name ? 1 : 3;

    public static string Normalize(string name) => TryNormalize(name, out string canonical)
        ? canonical
        : throw new ArgumentException($"Unknown dataset '{name}'; known: {string.Join(", ", Names)}.");

    /// <summary>The canonical name of a dataset name or alias (fashionmnist, cifar-10, …); false for unknown names.</summary>
    public static bool TryNormalize(string? name, out string canonical)
    {
        canonical = name?.ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal) switch
        {
            "fashion-mnist" or "fashionmnist" => FashionMnist.Name,
            "cifar10" or "cifar-10" => Cifar10.Name,
            "imagenette" => Imagenette.Name,
            _ => string.Empty,
        };
        return canonical.Length > 0;
    }

    /// <summary>The dataset's name as the papers write it: FashionMNIST, CIFAR-10, Imagenette.</summary>
    public static string DisplayName(string name) => Normalize(name) switch
    {
        FashionMnist.Name => "FashionMNIST",
        Cifar10.Name => "CIFAR-10",
        _ => "Imagenette",
    };

    /// <summary>The folder used when none is given: the Debian package for FashionMNIST, else a folder per dataset.</summary>
    public static string DefaultDirectory(string name, string dataRoot) =>
        Normalize(name) == FashionMnist.Name && Directory.Exists(FashionMnist.DebianDirectory) ? FashionMnist.DebianDirectory : Path.Combine(dataRoot, Normalize(name));

    public static IReadOnlyList<DatasetSource> Downloads(string name) => Normalize(name) switch
    {
        FashionMnist.Name => FashionMnist.Files,
        Cifar10.Name => [Cifar10.Archive],
        _ => [Imagenette.Archive],
    };

    /// <summary>
    /// True when the folder already holds the dataset in some accepted form; those files are used as they are (the
    /// Debian package, for one, re-compresses FashionMNIST, so its .gz files do not match the published MD5 sums).
    /// </summary>
    public static bool LocalCopyExists(string name, string directory) => Normalize(name) switch
    {
        FashionMnist.Name => FashionMnist.Files.All(f => File.Exists(Path.Combine(directory, f.FileName)) || File.Exists(Path.Combine(directory, Path.GetFileNameWithoutExtension(f.FileName)))),
        Cifar10.Name => File.Exists(Path.Combine(directory, Cifar10.ArchiveName)) || Directory.Exists(Path.Combine(directory, Cifar10.FolderName)),
        _ => File.Exists(Path.Combine(directory, Imagenette.Archive.FileName)) || Directory.Exists(Path.Combine(directory, "imagenette2-160")) || Directory.Exists(Path.Combine(directory, "train")),
    };

    private static string Expected(string name) => name switch
    {
        FashionMnist.Name => string.Join(", ", FashionMnist.Files.Select(f => f.FileName)),
        Cifar10.Name => $"{Cifar10.ArchiveName} or {Cifar10.FolderName}/",
        _ => $"{Imagenette.Archive.FileName}, imagenette2-160/ or train/ and val/",
    };

    /// <summary>
    /// Loads a dataset from a local folder (or archive), downloading first when asked and files are missing (with
    /// Core's downloader: resumed, retried, checked against the published checksums).
    /// </summary>
    public static async Task<DatasetSplits> LoadAsync(string name, string directory, bool download, HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        name = Normalize(name);
        if (!LocalCopyExists(name, directory))
        {
            if (!download)
            {
                throw new DirectoryNotFoundException(
                    $"No {DisplayName(name)} files in '{directory}' (looked for {Expected(name)}). Add --download to fetch them from the official URLs, or point --data-dir at a folder that has them.");
            }

            using var owned = http is null ? new HttpClient() : null;
            var downloader = new DatasetDownloader(http ?? owned!);
            foreach (var file in Downloads(name))
            {
                try
                {
                    await downloader.DownloadAsync(file, directory, cancellationToken: cancellationToken);
                }
                catch (HttpRequestException e)
                {
                    throw new IOException($"Could not download {file.Url} ({e.Message}). Check the network, or put {file.FileName} into '{directory}' yourself and run without --download.", e);
                }
            }
        }

        return name switch
        {
            FashionMnist.Name => FashionMnist.Load(directory),
            Cifar10.Name => Cifar10.Load(directory),
            _ => Imagenette.Load(File.Exists(Path.Combine(directory, Imagenette.Archive.FileName)) && !Directory.Exists(Path.Combine(directory, "imagenette2-160")) ? Path.Combine(directory, Imagenette.Archive.FileName) : directory),
        };
    }
}
