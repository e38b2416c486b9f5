namespace NasBench.Cli.Tests;

/// <summary>What a (command, option, value) case must do.</summary>
public enum Verdict
{
    /// <summary>Refused before any work: non-zero exit, one line naming the option, no trace.</summary>
    Refused,

    /// <summary>A legitimate value for the option (not run: it would do the command's work).</summary>
    Valid,

    /// <summary>Not refused properly yet, in code another change owns; the reason says what happens.</summary>
    KnownGap,
}

/// <summary>
/// The rules of every option, as a reviewed table: <see cref="BadOptionTests"/> walks the whole command tree and tries
/// 0, -1, a huge value and a non-number on every numeric option, "abc" on every word option, a missing file on every
/// input path and a closed loopback port on every URL; every case not listed here must be <see cref="Verdict.Refused"/>.
/// </summary>
public static class BadOptionTable
{
    /// <summary>A value that stands for "a file that does not exist" / "a URL nothing answers" in the table.</summary>
    public const string Missing = "<missing>";

    public const string Unreachable = "<unreachable>";

    /// <summary>The arguments each command needs besides the option under test (so the option's own check is what refuses).</summary>
    public static IReadOnlyDictionary<string, string[]> BaseArguments(string temp, string records, string tfrecord) => new Dictionary<string, string[]>
    {
        ["space hash"] = ["--adjacency", "0100", "--operations", "input,output"],
        ["space params"] = ["--adjacency", "0100", "--operations", "input,output"],
        ["space show"] = ["--adjacency", "0100", "--operations", "input,output"],
        ["data import"] = [tfrecord, "--store", Path.Combine(temp, "s.nbstore")],
        ["data dump"] = [tfrecord],
        ["data download"] = ["--variant", "only108", "--dir", temp, "--store", Path.Combine(temp, "s.nbstore")],
        ["data synth"] = ["--out", Path.Combine(temp, "s.tfrecord"), "--cells", "3"],
        ["data bench"] = ["--dir", temp],
        ["data from-csv"] = [records, "--out", Path.Combine(temp, "r.tfrecord")],
        ["query"] = ["--adjacency", "0100", "--operations", "input,output", "--store", Path.Combine(temp, "none.nbstore")],
        ["search"] = ["--records", records, "--out", temp],
        ["search bench"] = ["--records", records],
        ["compare"] = ["--records", records, "--out", temp],
        ["study distance"] = ["--records", records, "--out", temp],
        ["study cells"] = ["--records", records, "--out", temp],
        ["study correlate"] = ["--file", records, "--x", "final_validation_accuracy", "--y", "final_test_accuracy"],
        ["study transfer"] = ["--cells", "3", "--dataset", "fashion-mnist", "--data-dir", temp, "--out", temp],
        ["train"] = ["--adjacency", "0100", "--operations", "input,output", "--dataset", "fashion-mnist", "--data-dir", temp],
        ["train inspect"] = ["--adjacency", "0100", "--operations", "input,output"],
        ["train bench"] = [],
    };

    /// <summary>Input-path options and arguments (a missing file must be named); others named like paths are outputs.</summary>
    public static readonly HashSet<string> InputPaths = ["--file", "--records", "--store", "FILE", "CSV", "--data-dir"];

    /// <summary>Options whose values are free text, not words from a list (nothing to try).</summary>
    public static readonly HashSet<string> FreeText = ["--out", "--dir", "--index", "--checkpoint-dir", "--adjacency", "--operations", "--x", "--y", "--hash"];

    /// <summary>
    /// The reviewed exceptions: (command, option, value) → verdict and why; "*" as the option or the value matches any.
    /// Values that are parse errors ("abc", a huge whole number) are refused by the parser for every command and are
    /// not listed. The known gaps are in code other changes own (search/compare/study: the lead's rewiring onto the
    /// requests' Validate(); train/transfer: the training request) and say what happens today.
    /// </summary>
    public static readonly Dictionary<(string Command, string Option, string Value), (Verdict Verdict, string Why)> Exceptions = Build();

    private static Dictionary<(string, string, string), (Verdict, string)> Build()
    {
        var table = new Dictionary<(string, string, string), (Verdict, string)>();
        void Add(Verdict verdict, string why, string command, string option, params string[] values)
        {
            foreach (string value in values)
            {
                table[(command, option, value)] = (verdict, why);
            }
        }

        const string Seed = "any whole number is a seed";
        foreach (string command in new[] { "query", "data synth", "data bench", "search", "compare", "study distance", "study correlate", "train", "study transfer" })
        {
            Add(Verdict.Valid, Seed, command, "--seed", "0", "-1");
        }

        foreach (string command in new[] { "search", "search bench", "compare", "study distance", "study cells" })
        {
            Add(Verdict.Valid, Seed, command, "--synthetic-seed", "0", "-1");
        }

        Add(Verdict.Valid, "the store is written there (its folder is created)", "data import", "--store", Missing);
        Add(Verdict.Valid, "the store is written there (its folder is created)", "data download", "--store", Missing);
        Add(Verdict.Valid, "0 bootstrap samples means no confidence interval (printed as such)", "study correlate", "--bootstrap", "0");

        // Known gaps: search, compare, study (rewired onto SearchRequest/CompareRequest/…Validate() by the lead).
        Add(Verdict.KnownGap, "accepted: runs a search (no range check yet)", "search", "--population", "0", "-1");
        Add(Verdict.KnownGap, "accepted: runs a search (no range check yet)", "search", "--tournament", "0", "-1");
        Add(Verdict.KnownGap, "accepted when the algorithm does not use it (random): no range check yet", "search", "--mutation-rate", "0", "-1", "1e300", "NaN");
        Add(Verdict.KnownGap, "accepted when the algorithm does not use it: no range check yet", "search", "--exploration", "0", "-1", "1e300", "NaN");
        Add(Verdict.KnownGap, "accepted: a budget of 1e300 s runs (nearly) forever", "search", "--simulated-seconds", "1e300");
        Add(Verdict.KnownGap, "'TimeSpan overflowed' / 'TimeSpan does not accept NaN' without the option's name", "search", "--wallclock-seconds", "1e300", "NaN");
        Add(Verdict.KnownGap, "accepted: a budget of 1e300 s runs (nearly) forever", "compare", "--simulated-seconds", "1e300");
        Add(Verdict.KnownGap, "'TimeSpan overflowed' / 'TimeSpan does not accept NaN' without the option's name", "compare", "--wallclock-seconds", "1e300", "NaN");
        Add(Verdict.KnownGap, "refused as 'The mutation rate must be in (0, 7]' without the option's name", "compare", "--mutation-rate", "1e300");
        Add(Verdict.KnownGap, "accepted (0 may be legitimate: greedy UCB1; 1e300 is not)", "compare", "--exploration", "0", "1e300");
        Add(Verdict.KnownGap, "accepted or silently run forever: no range check on the scale yet", "search bench", "--scale", "0", "-1", "1e300", "NaN");
        Add(Verdict.KnownGap, "0 accepted (every cell 'performant'), 1e300 refused without the option's name", "study cells", "--threshold", "0", "1e300");
        Add(Verdict.KnownGap, "refused as 'Correlation needs at least 3 pairs (got 0)' without the option's name", "study correlate", "--rows", "0", "-1");
        Add(Verdict.KnownGap, "refused as 'Bad bootstrap settings: … samples -1' without the option's name", "study correlate", "--bootstrap", "-1");

        // Refused before any work, but the message does not name the option (the requests' RequestRules messages will).
        const string Unnamed = "refused, but the message does not name the option: ";
        foreach (string command in new[] { "search", "compare" })
        {
            Add(Verdict.KnownGap, Unnamed + "'Budget limits must be positive (got 0 queries)'", command, "--queries", "0", "-1");
            Add(Verdict.KnownGap, Unnamed + "'Budget limits must be positive (got -1 simulated s)'", command, "--simulated-seconds", "0", "-1", "NaN");
            Add(Verdict.KnownGap, Unnamed + "'Budget limits must be positive (got -1 wall-clock s)'", command, "--wallclock-seconds", "0", "-1");
            Add(Verdict.KnownGap, Unnamed + "'Unknown protocol 'abc': use nb101 or mean3'", command, "--protocol", "abc");
        }

        Add(Verdict.KnownGap, Unnamed + "'Unknown algorithm 'abc': use random, evolution, tree or local'", "search", "--algorithm", "abc");
        Add(Verdict.KnownGap, Unnamed + "'Unknown algorithm 'abc': use random, evolution, tree or local'", "compare", "--algorithms", "abc");
        Add(Verdict.KnownGap, Unnamed + "'The exploration constant must be finite and non-negative (got NaN)'", "compare", "--exploration", "-1", "NaN");
        Add(Verdict.KnownGap, Unnamed + "'The mutation rate must be in (0, 7] (got -1)'", "compare", "--mutation-rate", "0", "-1", "NaN");
        Add(Verdict.KnownGap, Unnamed + "'Evolution needs a population of at least 2 (got 0)'", "compare", "--population", "0", "-1");
        Add(Verdict.KnownGap, Unnamed + "'The tournament size must be between 1 and the population size 50 (got 0)'", "compare", "--tournament", "0", "-1");
        Add(Verdict.KnownGap, Unnamed + "'The accuracy threshold must be in [0, 1] (got NaN)'", "study cells", "--threshold", "-1", "NaN");
        Add(Verdict.KnownGap, Unnamed + "'The distance study needs at least 3 pairs (got 0)'", "study distance", "--pairs", "0", "-1");
        Add(Verdict.KnownGap, Unnamed + "'Unknown dataset 'abc'; known: fashion-mnist, cifar10, imagenette'", "train", "--dataset", "abc");
        Add(Verdict.KnownGap, Unnamed + "'Threads must be at least 1, not 0'", "train bench", "--threads", "0", "-1");
        Add(Verdict.KnownGap, "libtorch's 'Trying to create tensor with negative dimension -1', marked unexpected", "train bench", "--batch", "-1");
        const string Shape = Unnamed + "'Invalid network shape NetworkShape { StemChannels = 0, … }' (the training options' own shape check)";
        foreach (string option in new[] { "--stem-channels", "--stacks", "--cells-per-stack", "--input-channels" })
        {
            Add(Verdict.KnownGap, Shape, "train inspect", option, "0", "-1");
        }

        Add(Verdict.KnownGap, Shape, "train bench", "--stem-channels", "0", "-1");
        Add(Verdict.KnownGap, Shape, "train bench", "--cells-per-stack", "0", "-1");

        // Known gaps: train and study transfer (the training request's Validate() is not wired in yet).
        // "*" options: every option the command does not check before that point (--cells of the transfer study is).
        const string ReadsData = "the dataset is read before the options are checked: 'FashionMNIST file … not found'";
        const string OpensStore = "the store is opened before the options are checked: 'No benchmark store at …'";
        Add(Verdict.KnownGap, ReadsData, "train", "*", "0", "-1", "1e300", "NaN");
        Add(Verdict.KnownGap, ReadsData, "train", "--recipe", "abc");
        Add(Verdict.KnownGap, ReadsData, "train", "--device", "abc");
        Add(Verdict.KnownGap, OpensStore, "study transfer", "*", "0", "-1", "1e300", "NaN");
        Add(Verdict.KnownGap, OpensStore, "study transfer", "--dataset", "abc");
        Add(Verdict.KnownGap, OpensStore, "study transfer", "--recipe", "abc");
        Add(Verdict.KnownGap, OpensStore, "study transfer", "--device", "abc");

        Add(Verdict.KnownGap, OpensStore, "study transfer", "--data-dir", Missing);
        Add(Verdict.KnownGap, "libtorch's 'Kernel size can't be greater than actual input size' / 'zeros: Dimension size must be non-negative'", "train inspect", "--image-size", "0", "-1");
        Add(Verdict.KnownGap, "accepted: inspect ignores the momentum and does not check it", "train inspect", "--bn-momentum", "0", "-1", "1e300", "NaN");
        Add(Verdict.KnownGap, "accepted or runs without end: no range check on --batch/--steps yet", "train bench", "--batch", "0");
        Add(Verdict.KnownGap, "accepted or runs without end: no range check on --batch/--steps yet", "train bench", "--steps", "0", "-1");
        return table;
    }

    /// <summary>The verdict of a case: the table's, or <see cref="Verdict.Refused"/>.</summary>
    public static (Verdict Verdict, string Why) Of(string command, string option, string value) =>
        Exceptions.TryGetValue((command, option, value), out var v) ? v
        : Exceptions.TryGetValue((command, option, "*"), out var anyValue) ? anyValue
        : Exceptions.TryGetValue((command, "*", value), out var anyOption) && option != "--cells" ? anyOption
        : (Verdict.Refused, string.Empty);
}
