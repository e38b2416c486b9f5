using NasBench.Cli.Terminal;
using NasBench.Core.Search;

namespace NasBench.Cli.Tests;

/// <summary>
/// The one line printed for an unexpected error names what a report needs: the run that failed (from
/// <see cref="SearchRunner"/>, tested in Core) and a libtorch error's native origin, never .NET stack frames. (A 150-query comparison
/// once failed after an hour with only "Expected false to be true, but got false": no run, no origin.)
/// </summary>
public sealed class CliErrorsTests
{
    private const string NativeMessage = "Expected false to be true, but got false.  (Could this error message be improved?)\n" +
        "Exception raised from check_op at /pytorch/aten/src/ATen/native/Example.cpp:42 (most recent call first):\n" +
        "frame #0: c10::Error::Error(...) + 0x9e (0x7f in libc10.so)\n";

    [Fact]
    public void UnexpectedError_NamesTheFailedRunAndTheNativeOrigin_NoFrames()
    {
#pragma warning disable CA2201 // TorchSharp throws ExternalException for libtorch errors: the test throws what it throws
        var e = new System.Runtime.InteropServices.ExternalException(NativeMessage);
#pragma warning restore CA2201
        e.Data[SearchRunner.FailedRunKey] = "BananasSearch configuration 5, run 117, seed 0";
        string line = CliErrors.Describe(new AggregateException(e));
        Assert.Equal("Expected false to be true, but got false.  (Could this error message be improved?) [in BananasSearch configuration 5, run 117, seed 0; " +
            "Exception raised from check_op at /pytorch/aten/src/ATen/native/Example.cpp:42 (most recent call first):] (an unexpected error; please report it with the command line that caused it)", line);
        Assert.DoesNotContain("frame #0", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedError_IsItsFirstLineOnly()
    {
        var e = new ArgumentException("--runs must be at least 1 (got 0).\nsecond line");
        e.Data[SearchRunner.FailedRunKey] = "RandomSearch configuration 0, run 0, seed 0";
        Assert.Equal("--runs must be at least 1 (got 0).", CliErrors.Describe(e));
    }
}
