using System.Globalization;
using System.Text.Json;

namespace NasBench.Cli.Tests;

/// <summary>The check anyone can run: the real 30-model records → tfrecord → store → queries equal the CSV exactly.</summary>
public sealed class DataFromCsvTests
{
    [Fact]
    public async Task FromCsvImportQuery_EveryRepeatEqualsTheCsv()
    {
        string dir = CliRunner.TempDirectory();
        string csv = SearchCliRun.RealData("records_30_models_108.csv");
        string file = Path.Combine(dir, "real30.tfrecord"), store = Path.Combine(dir, "real30.nbstore");
        var (code, output, error) = await CliRunner.RunAsync("data", "from-csv", csv, "--out", file);
        Assert.True(code == 0, error);
        Assert.Contains("wrote 90 records of 30 cells", output);
        (code, _, error) = await CliRunner.RunAsync("data", "import", file, "--store", store);
        Assert.True(code == 0, error);

        var rows = File.ReadLines(csv).Skip(1).Select(NasBench.Core.CsvLine.Split).ToList();
        foreach (var cell in rows.GroupBy(r => r[0]))
        {
            var first = cell.First();
            (code, output, error) = await CliRunner.RunAsync("query", "--adjacency", first[2], "--operations", first[3], "--all-repeats", "--store", store);
            Assert.True(code == 0, error);
            var root = JsonDocument.Parse(output).RootElement;
            Assert.Equal(first[0], root.GetProperty("module_hash").GetString());
            var list = root.GetProperty("repeats");
            foreach (var row in cell)
            {
                var r = list[int.Parse(row[1], CultureInfo.InvariantCulture)];
                Assert.Equal(float.Parse(row[11], CultureInfo.InvariantCulture), r.GetProperty("final_validation_accuracy").GetSingle());
                Assert.Equal(float.Parse(row[12], CultureInfo.InvariantCulture), r.GetProperty("final_test_accuracy").GetSingle());
                Assert.Equal(float.Parse(row[5], CultureInfo.InvariantCulture), r.GetProperty("halfway_training_time").GetSingle());
                Assert.Equal(float.Parse(row[8], CultureInfo.InvariantCulture), r.GetProperty("halfway_test_accuracy").GetSingle());
            }
        }

        Directory.Delete(dir, true);
    }
}
