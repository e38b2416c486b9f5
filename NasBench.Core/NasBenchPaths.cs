namespace NasBench.Core;

/// <summary>Where NasBench keeps its files: the cell index and the benchmark store.</summary>
/// <remarks>
/// The data folder is <c>$NASBENCH_HOME</c> when set, else <c>$XDG_DATA_HOME/nasbench</c>, else
/// <c>~/.local/share/nasbench</c> (on Windows, LocalApplicationData\nasbench). Command-line options override it.
/// </remarks>
public static class NasBenchPaths
{
    public const string HomeVariable = "NASBENCH_HOME";
    public const string StoreVariable = "NASBENCH_STORE";

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

    /// <summary>The default benchmark store: <c>$NASBENCH_STORE</c>, else nasbench.nbstore in the data folder.</summary>
    public static string DefaultStorePath
    {
        get
        {
            string? store = Environment.GetEnvironmentVariable(StoreVariable);
            return string.IsNullOrWhiteSpace(store) ? Path.Combine(DataDirectory, "nasbench.nbstore") : store;
        }
    }
}
