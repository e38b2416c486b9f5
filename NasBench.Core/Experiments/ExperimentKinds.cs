namespace NasBench.Core.Experiments;

/// <summary>The kinds of experiment: the <c>kind</c> of a request's JSON, the CLI command, the lab's experiment kind.</summary>
public static class ExperimentKinds
{
    /// <summary><c>nasbench search</c>: one algorithm, several seeded runs.</summary>
    public const string Search = "search";

    /// <summary><c>nasbench compare</c>: several algorithms × runs.</summary>
    public const string Compare = "compare";

    /// <summary><c>nasbench study distance</c>.</summary>
    public const string Distance = "distance";

    /// <summary><c>nasbench study cells</c>.</summary>
    public const string Cells = "cells";

    /// <summary><c>nasbench study correlate</c>.</summary>
    public const string Correlate = "correlate";

    /// <summary><c>nasbench train</c> (NasBench.Training).</summary>
    public const string Training = "training";

    /// <summary><c>nasbench study transfer</c> (NasBench.Training).</summary>
    public const string Transfer = "transfer";

    /// <summary><c>nasbench study proxies</c> (NasBench.Training).</summary>
    public const string Proxies = "proxies";

    /// <summary><c>nasbench study advise</c>: the cell advisor (NasBench.Training).</summary>
    public const string Advise = "advise";

    /// <summary>Ask/tell sessions (<c>POST /api/sessions</c>): a lab's own algorithm, one run per seed.</summary>
    public const string Session = "session";

    /// <summary><c>nasbench data setup</c>: import, download or build the benchmark store (the lab's, on its cpu queue).</summary>
    public const string Benchmark = "benchmark";
}
