namespace NasBench.Cli.Tests;

/// <summary>Runs the real `nasbench` command tree in-process with captured stdout and stderr.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await NasBenchCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nasbench-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
