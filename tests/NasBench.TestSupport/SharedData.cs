using NasBench.Core;

namespace NasBench.TestSupport;

/// <summary>Paths to the real NAS-Bench-101 extracts in ../shared/data/nb101-real (never copied into the repo).</summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string RealData(string file) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", "nb101-real", file));

    /// <summary>Rows of a CSV file (header skipped) split on commas outside double quotes.</summary>
    public static IEnumerable<string[]> ReadCsv(string file)
    {
        foreach (var line in File.ReadLines(RealData(file)).Skip(1))
        {
            if (line.Length > 0)
            {
                yield return CsvLine.Split(line);
            }
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NasBench.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NasBench.sln not found above the test binaries.");
    }
}
