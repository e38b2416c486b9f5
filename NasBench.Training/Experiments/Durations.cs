using System.Globalization;

namespace NasBench.Training.Experiments;

/// <summary>Durations as people read them in progress lines and warnings.</summary>
public static class Durations
{
    /// <summary>"6.5 h", "42 min", "50 s".</summary>
    public static string Describe(TimeSpan time) => time.TotalHours >= 1.5
        ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalHours:F1} h")
        : time.TotalMinutes >= 1.5 ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalMinutes:F0} min") : string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:F0} s");
}
