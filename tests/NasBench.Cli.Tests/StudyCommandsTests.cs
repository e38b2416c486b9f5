using System.Text.Json;

namespace NasBench.Cli.Tests;

public sealed class StudyCommandsTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "nasbench-study-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Theory]
    [InlineData("cifar_acc_108", "mnist_test_acc", null, 143, 0.9349)]
    [InlineData("cifar_acc_12", "imagenette_test_acc_36", "21", 21, 0.3732)]
    public async Task Correlate_PrintsOneJsonObject(string x, string y, string? rows, int n, double r)
    {
        string[] args = ["study", "correlate", "--file", SearchCliRun.RealData("seed_paper_accuracies.csv"), "--x", x, "--y", y, "--bootstrap", "100", "--out", _out];
        var (rc, stdout, stderr) = await SearchCliRun.Run(rows is null ? args : [.. args, "--rows", rows]);
        Assert.True(rc == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(n, json.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(r, Math.Round(json.RootElement.GetProperty("pearson").GetProperty("r").GetDouble(), 4));
        foreach (string method in new[] { "pearson", "spearman", "kendall" })
        {
            Assert.InRange(json.RootElement.GetProperty(method).GetProperty("p").GetDouble(), 0, 1);
        }

        SearchCliRun.AssertPng(Path.Combine(_out, "correlate.png"));
    }

    [Fact]
    public async Task Correlate_UnknownColumn_IsAnError()
    {
        var (rc, _, stderr) = await SearchCliRun.Run("study", "correlate", "--file", SearchCliRun.RealData("seed_paper_accuracies.csv"), "--x", "nope", "--y", "mnist_test_acc", "--out", _out);
        Assert.Equal(1, rc);
        Assert.Contains("no column 'nope'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distance_OnThe30RealModels_PrintsThreeDistances()
    {
        var (rc, stdout, stderr) = await SearchCliRun.Run("study", "distance", "--records", SearchCliRun.RealData("records_30_models_108.csv"), "--pairs", "200", "--seed", "3", "--out", _out);
        Assert.True(rc == 0, stderr);
        foreach (string distance in new[] { "seed ", "edit ", "path " })
        {
            Assert.Contains(distance, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("[real]", stdout, StringComparison.Ordinal);
        SearchCliRun.AssertPng(Path.Combine(_out, "distance_vs_accuracy.png"));
    }

    [Fact]
    public async Task Cells_OnSyntheticData_SaysSynthetic()
    {
        var (rc, stdout, stderr) = await SearchCliRun.Run("study", "cells", "--synthetic", "--threshold", "0.925", "--out", _out);
        Assert.True(rc == 0, stderr);
        Assert.Contains("[SYNTHETIC]", stdout, StringComparison.Ordinal);
        Assert.Contains("input feeds a conv3x3", stdout, StringComparison.Ordinal);
        SearchCliRun.AssertPng(Path.Combine(_out, "performant_cells.png"));
    }
}
