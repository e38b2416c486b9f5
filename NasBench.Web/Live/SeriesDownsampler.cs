namespace NasBench.Web.Live;

/// <summary>Keeps a chart trace at most <see cref="MaxPointsPerTrace"/> points: every k-th point plus the last one,
/// so a best-so-far step curve keeps its final value and its shape.</summary>
public static class SeriesDownsampler
{
    /// <summary>The most points a live trace sends to the browser.</summary>
    public const int MaxPointsPerTrace = 2000;

    /// <summary>Indices of the points to keep out of <paramref name="count"/>, in order.</summary>
    public static IReadOnlyList<int> Keep(int count, int max = MaxPointsPerTrace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (count <= max)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        int stride = (int)Math.Ceiling((count - 1) / (double)(max - 1));
        var keep = new List<int>(max);
        for (int i = 0; i < count - 1; i += stride)
        {
            keep.Add(i);
        }

        keep.Add(count - 1);
        return keep;
    }
}
