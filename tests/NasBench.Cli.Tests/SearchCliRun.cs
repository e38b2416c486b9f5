namespace NasBench.Cli.Tests;

/// <summary>Runs the `nasbench` command line in process and reads the real data extracts for the search and study tests.</summary>
internal static class SearchCliRun
{
    public static Task<(int ExitCode, string Output, string Error)> Run(params string[] args) => CliRunner.RunAsync(args);

    public static string RealData(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NasBench.sln")))
        {
            dir = dir.Parent;
        }

        return Path.GetFullPath(Path.Combine(dir?.FullName ?? throw new InvalidOperationException("NasBench.sln not found."), "..", "shared", "data", "nb101-real", file));
    }

    public static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} is too small");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4).ToArray());
    }
}
