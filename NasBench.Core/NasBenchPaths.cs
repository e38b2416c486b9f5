namespace NasBench.Core;

/// <summary>Where NasBench keeps its files: the cell index, the benchmark store and the configuration.</summary>
/// <remarks>
/// The data folder is <c>$NASBENCH_HOME</c> when set, else <c>$XDG_DATA_HOME/nasbench</c>, else
/// <c>~/.local/share/nasbench</c> (on Windows, LocalApplicationData\nasbench). Command-line options override it.
/// The optional configuration file <c>nasbench.json</c> in the data folder holds flat string settings, e.g.
/// <c>{ "store": "/data/nb101.nbstore", "only108.url": "...", "only108.sha256": "...", "full.url": "...", "full.sha256": "..." }</c>;
/// environment variables win over it, command-line options over both.
/// </remarks>
public static class NasBenchPaths
{
    /// <summary>The environment variable that moves the data folder (tests point it at a temporary folder).</summary>
    public const string HomeVariable = "NASBENCH_HOME";
    /// <summary>The environment variable naming the store to open when no <c>--store</c> is given.</summary>
    public const string StoreVariable = "NASBENCH_STORE";

    /// <summary>The data folder: NASBENCH_HOME, else $XDG_DATA_HOME/nasbench, else ~/.local/share/nasbench.</summary>
    public static string DataDirectory
    {
        get
        {
            string? home = Environment.GetEnvironmentVariable(HomeVariable);
            if (!string.IsNullOrWhiteSpace(home))
            {
                return home;
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (!string.IsNullOrWhiteSpace(xdg))
            {
                return Path.Combine(xdg, "nasbench");
            }

            return OperatingSystem.IsWindows()
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "nasbench")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "nasbench");
        }
    }

    /// <summary>The saved enumeration of the space (<see cref="SearchSpace.CellIndex"/>).</summary>
    public static string CellIndexPath => Path.Combine(DataDirectory, "cells.nbindex");

    /// <summary>The optional configuration file (flat JSON object of strings).</summary>
    public static string ConfigPath => Path.Combine(DataDirectory, "nasbench.json");

    /// <summary>
    /// The default benchmark store: <c>$NASBENCH_STORE</c>, else the "store" setting of <see cref="ConfigPath"/>,
    /// else nasbench.nbstore in the data folder.
    /// </summary>
    public static string DefaultStorePath
    {
        get
        {
            string? store = Environment.GetEnvironmentVariable(StoreVariable);
            if (string.IsNullOrWhiteSpace(store))
            {
                store = Setting("store");
            }

            return string.IsNullOrWhiteSpace(store) ? Path.Combine(DataDirectory, "nasbench.nbstore") : store;
        }
    }

    /// <summary>A string setting of <see cref="ConfigPath"/>, or null when the file or the key is missing.</summary>
    /// <summary>The store path: the given one when not empty, else <see cref="DefaultStorePath"/>.</summary>
    public static string ResolveStore(string? path) => string.IsNullOrWhiteSpace(path) ? DefaultStorePath : path;

    /// <summary>A value of nasbench.json in the data folder, or null when the file or the key is missing.</summary>
    public static string? Setting(string key)
    {
        string path = ConfigPath;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty(key, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"The configuration file '{path}' is not valid JSON: {e.Message}");
        }
    }
}
