using NasBench.Core.SearchSpace;

namespace NasBench.TestSupport;

/// <summary>
/// The enumeration of the space (cells.nbindex: 423,624 cells, about 5 CPU-seconds to build) made once per machine and per
/// build of NasBench.Core, for the tests that need the space but do not test its enumeration: the lab servers' data
/// folders and the CLI's sandbox. The enumeration's own tests (Core's EnumerationTests, `nasbench space enumerate`) still
/// enumerate.
/// </summary>
/// <remarks>
/// The file is named after NasBench.Core's module version id, which a deterministic build changes with Core's code, so an
/// index written by an older enumerator is never read. Two test processes (or two fixtures of one) that find none both
/// build it, each into a temporary file of its own, and each moves it into place (the same bytes): a reader sees the
/// whole file or none.
/// </remarks>
public static class CachedCellIndex
{
    /// <summary>The machine's index for this build of NasBench.Core.</summary>
    public static string File { get; } = Path.Combine(Path.GetTempPath(), "nasbench-tests-cache",
        $"cells-{typeof(CellIndex).Module.ModuleVersionId:N}.nbindex");

    /// <summary>The index, built and saved first when this machine has none for this build.</summary>
    public static CellIndex Load()
    {
        if (!System.IO.File.Exists(File))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            string temp = $"{File}.{Environment.ProcessId}.{Guid.NewGuid():N}";
            var index = CellIndex.LoadOrBuild(temp);
            System.IO.File.Move(temp, File, overwrite: true);
            return index;
        }

        return CellIndex.Load(File);
    }

    /// <summary>Copies the index into a data folder (NASBENCH_HOME) as its cells.nbindex.</summary>
    public static void CopyTo(string home)
    {
        if (!System.IO.File.Exists(File))
        {
            _ = Load();
        }

        System.IO.File.Copy(File, Path.Combine(home, "cells.nbindex"), overwrite: true);
    }
}
