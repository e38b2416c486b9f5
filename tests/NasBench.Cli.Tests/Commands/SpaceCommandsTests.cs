namespace NasBench.Cli.Tests.Commands;

public sealed class SpaceCommandsTests
{
    [Fact]
    public async Task Hash_PrintsTheModuleHash()
    {
        var (code, output, _) = await CliRunner.RunAsync("space", "hash", "--adjacency", "0100", "--operations", "input,output");
        Assert.Equal(0, code);
        Assert.Equal("043721b9c7fe8c5fad811d47d83132ec", output.Trim());
    }

    [Fact]
    public async Task Hash_MatrixLiteralAsQueryTakesIt()
    {
        var (code, output, _) = await CliRunner.RunAsync("space", "hash", "--adjacency", "[[0, 1, 0], [0, 0, 1], [0, 0, 0]]", "--operations", "input,conv3x3-bn-relu,output");
        Assert.Equal(0, code);
        Assert.Equal((await CliRunner.RunAsync("space", "hash", "--adjacency", "010001000", "--operations", "input,conv3x3-bn-relu,output")).Output, output);
        var ragged = await CliRunner.RunAsync("space", "hash", "--adjacency", "[[0,1],[0,0,0]]", "--operations", "input,output");
        Assert.Equal(1, ragged.ExitCode);
        Assert.Contains("square", ragged.Error);
    }

    /// <summary>The reference splits on ',' and does not trim: " output" is not "output".</summary>
    [Fact]
    public async Task Hash_SpaceAfterACommaIsAnUnknownOperation()
    {
        var (code, output, error) = await CliRunner.RunAsync("space", "hash", "--adjacency", "0100", "--operations", "input, output");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("' output' (operations are split on ',' exactly, without trimming spaces)", error);
    }

    /// <summary>The reference's pruning leaves fewer than 2 vertices: invalid_spec, reported as disconnected.</summary>
    [Fact]
    public async Task Hash_OneVertexSpecIsDisconnectedAsInTheReference()
    {
        var (code, _, error) = await CliRunner.RunAsync("space", "hash", "--adjacency", "0", "--operations", "input");
        Assert.Equal(1, code);
        Assert.Contains("disconnected", error);
    }

    [Fact]
    public async Task Hash_InvalidSpecExitsNonZeroWithTheRule()
    {
        var (code, output, error) = await CliRunner.RunAsync("space", "hash", "--adjacency", "010000000", "--operations", "input,conv3x3-bn-relu,output");
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("disconnected", error);
    }

    [Fact]
    public async Task HashFile_WritesOneStatusRowPerSpec()
    {
        string dir = CliRunner.TempDirectory();
        string file = Path.Combine(dir, "specs.tsv");
        string ten = "0111000" + "0011100" + "0001000" + "0000100" + "0000010" + "0000001" + "0000000"; // chain + 4 skips = 10 edges
        File.WriteAllLines(file,
        [
            "name\traw_adjacency\traw_operations",
            "a\t0100\tinput,output",
            "b\t010000000\tinput,conv3x3-bn-relu,output",
            $"c\t{ten}\tinput,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,output",
            "d\t0110000100000000\tinput,conv3x3-bn-relu,conv1x1-bn-relu,output",
            "e\t0100\tinput,conv3x3-bn-relu",
            "g\t0\tinput",
            "h\t0100\tinput, output",
            "f\t" + string.Concat(Enumerable.Range(0, 8).Select(i => new string('0', i + 1) + new string('1', 7 - i))) + "\t" + "input," + string.Join(',', Enumerable.Repeat("conv3x3-bn-relu", 6)) + ",output",
        ]);
        var (code, output, _) = await CliRunner.RunAsync("space", "hash", "--file", file);
        Assert.Equal(0, code);
        var rows = output.TrimEnd('\n').Split('\n').Select(r => r.Split('\t')).ToArray();
        Assert.Equal(["raw_adjacency", "raw_operations", "status", "hash", "pruned_adjacency", "pruned_operations"], rows[0]);
        Assert.Equal(["ok", "043721b9c7fe8c5fad811d47d83132ec", "0100", "input,output"], rows[1][2..]);
        Assert.Equal(["disconnected", "", "", ""], rows[2][2..]);
        Assert.Equal("too_many_edges", rows[3][2]);
        Assert.Equal(["ok", "b49ac8c578b4561d79ac7087988f1c61", "010001000", "input,conv3x3-bn-relu,output"], rows[4][2..]);
        Assert.Equal("invalid", rows[5][2]);
        Assert.Equal("disconnected", rows[6][2]);
        Assert.Equal("invalid", rows[7][2]);
        Assert.Equal("too_many_vertices", rows[8][2]);
    }

    [Fact]
    public async Task HashFile_MissingColumnsAreNamed()
    {
        string file = Path.Combine(CliRunner.TempDirectory(), "bad.tsv");
        File.WriteAllLines(file, ["adjacency\toperations", "0100\tinput,output"]);
        var (code, _, error) = await CliRunner.RunAsync("space", "hash", "--file", file);
        Assert.Equal(1, code);
        Assert.Contains("raw_adjacency", error);
    }

    [Fact]
    public async Task Params_PrintsThePublishedCount()
    {
        var (code, output, _) = await CliRunner.RunAsync("space", "params", "--adjacency", "0111010000000100000010000100000000100000010000000",
            "--operations", "input,conv1x1-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,maxpool3x3,output");
        Assert.Equal(0, code);
        Assert.Equal("2694282", output.Trim());
    }

    [Fact]
    public async Task Show_PrintsHashChannelsAndParameters()
    {
        var (code, output, _) = await CliRunner.RunAsync("space", "show", "--adjacency", "0110000100000000", "--operations", "input,conv3x3-bn-relu,conv1x1-bn-relu,output");
        Assert.Equal(0, code);
        Assert.Contains("b49ac8c578b4561d79ac7087988f1c61", output);
        Assert.Contains("vertices:    3 (given 4)", output);
        Assert.Contains("stack 1: vertex channels [128, 128, 128]", output);
    }

    [Fact]
    public async Task Enumerate_WritesAllCellsAndSavesTheIndex()
    {
        string dir = CliRunner.TempDirectory();
        string tsv = Path.Combine(dir, "cells.tsv"), index = Path.Combine(dir, "cells.nbindex");
        var (code, _, error) = await CliRunner.RunAsync("space", "enumerate", "--out", tsv, "--index", index);
        Assert.Equal(0, code);
        Assert.Contains("7\t4793\t1164699\t359082", error);
        Assert.Contains("total\t\t1293208\t423624", error);
        var lines = File.ReadLines(tsv).ToList();
        Assert.Equal("hash\tadjacency\toperations", lines[0]);
        Assert.Equal(423_625, lines.Count);
        Assert.Equal("043721b9c7fe8c5fad811d47d83132ec\t0100\tinput,output", lines[1]);
        Assert.Equal(423_624, NasBench.Core.SearchSpace.CellIndex.Load(index).Count);
        Directory.Delete(dir, true);
    }
}
