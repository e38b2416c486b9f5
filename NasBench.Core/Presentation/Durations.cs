using System.Globalization;

namespace NasBench.Core.Presentation;

/// <summary>
/// The one way a duration is written for people: time left and run time on the pages, the CLI's progress lines and
/// warnings, the presets' cost estimates.
/// </summary>
/// <remarks>
/// <code>
/// t &lt; 1 s          "under 1 s"
/// t &lt; 1 min        "12 s"            (whole seconds, truncated)
/// t &lt; 1 h          "3 min 20 s"
/// t &lt; 48 h         "1 h 05 min"
/// otherwise         "40 days"         (rounded)
/// </code>
/// Negative durations (a clock that moved back) read as "under 1 s".
/// </remarks>
public static class Durations
{
    /// <summary>"under 1 s", "12 s", "3 min 20 s", "1 h 05 min", "40 days".</summary>
    public static string Format(TimeSpan time) => time switch
    {
        { TotalSeconds: < 1 } => "under 1 s",
        { TotalMinutes: < 1 } t => Inv($"{(int)t.TotalSeconds} s"),
        { TotalHours: < 1 } t => Inv($"{(int)t.TotalMinutes} min {t.Seconds:00} s"),
        { TotalHours: < 48 } t => Inv($"{(int)t.TotalHours} h {t.Minutes:00} min"),
        { } t => Inv($"{t.TotalDays:0} days"),
    };

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
