using System.Globalization;
using NasBench.Core;

namespace NasBench.Training.Transfer;

/// <summary>One trained cell of a transfer study: a row of cells.csv.</summary>
public sealed record CellResult(
    int Sample,
    int CellIndex,
    string Hash,
    string Adjacency,
    string Operations,
    long TrainableParameters,
    double TrainAccuracy,
    double? ValidationAccuracy,
    double TestAccuracy,
    double Seconds,
    string Device)
{
    public const string Header = "sample,cell_index,hash,adjacency,operations,trainable_parameters,train_accuracy,validation_accuracy,test_accuracy,seconds,device";

    public string ToCsv() => string.Join(',',
        Sample.ToString(CultureInfo.InvariantCulture), CellIndex.ToString(CultureInfo.InvariantCulture), Hash, Adjacency, $"\"{Operations}\"",
        TrainableParameters.ToString(CultureInfo.InvariantCulture), F(TrainAccuracy), ValidationAccuracy is { } v ? F(v) : "", F(TestAccuracy), F(Seconds), Device);

    public static CellResult Parse(string line)
    {
        var f = CsvLine.Split(line);
        if (f.Length != 11)
        {
            throw new InvalidDataException($"A cells.csv row has {f.Length} fields, not 11: {line}");
        }

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return new CellResult(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3], f[4],
            long.Parse(f[5], CultureInfo.InvariantCulture), D(f[6]), f[7].Length == 0 ? null : D(f[7]), D(f[8]), D(f[9]), f[10]);
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
