using System.Globalization;

namespace NasBench.Core.Search;

/// <summary>CSV files of searches: per-run trajectories and aggregates (invariant culture, round-trip numbers, fields quoted as <see cref="CsvWriter"/> does).</summary>
public static class SearchCsv
{
    public static void WriteTrajectories(TextWriter writer, IEnumerable<SearchResult> results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        writer.WriteLine("algorithm,protocol,budget,seed,run,synthetic,step,cells_explored,simulated_seconds,wallclock_seconds,incumbent_hash,incumbent_validation_accuracy,incumbent_test_accuracy,incumbent_mean_test_accuracy,test_regret");
        foreach (var r in results)
        {
            string prefix = string.Create(CultureInfo.InvariantCulture,
                $"{CsvWriter.Escape(r.Algorithm)},{SearchProtocols.Name(r.Configuration.Protocol)},{CsvWriter.Escape(r.Configuration.Budget.ToString())},{r.RunSeed},{r.Run},{(r.IsSynthetic ? "synthetic" : "real")}");
            foreach (var p in r.Trajectory)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix},{p.Step},{p.CellsExplored},{p.SimulatedSeconds:R},{p.WallClockSeconds:R},{p.IncumbentHash},{p.IncumbentValidationAccuracy:R},{p.IncumbentTestAccuracy:R},{p.IncumbentMeanTestAccuracy:R},{p.TestRegret:R}"));
            }
        }
    }

    public static void WriteAggregate(TextWriter writer, IEnumerable<AggregateSeries> series, bool synthetic)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(series);
        writer.WriteLine("algorithm,axis,x,runs,test_mean,test_median,test_p25,test_p75,test_ci_low,test_ci_high,regret_mean,regret_median,regret_p25,regret_p75,regret_ci_low,regret_ci_high,data");
        foreach (var s in series)
        {
            foreach (var p in s.Points)
            {
                var t = p.TestAccuracy;
                var g = p.TestRegret;
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{CsvWriter.Escape(s.Algorithm)},{s.Axis},{p.X:R},{p.Runs},{t.Mean:R},{t.Median:R},{t.P25:R},{t.P75:R},{t.CiLow:R},{t.CiHigh:R},{g.Mean:R},{g.Median:R},{g.P25:R},{g.P75:R},{g.CiLow:R},{g.CiHigh:R},{(synthetic ? "synthetic" : "real")}"));
            }
        }
    }
}
