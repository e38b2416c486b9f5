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
        ["study correlate"] = ["--file", records, "--x", "validation_accuracy", "--y", "test_accuracy"],
        ["study transfer"] = ["--dataset", "fashion-mnist", "--data-dir", temp, "--out", temp],
        ["train"] = ["--adjacency", "0100", "--operations", "input,output", "--dataset", "fashion-mnist", "--data-dir", temp],
        ["train inspect"] = ["--adjacency", "0100", "--operations", "input,output"],
        ["train bench"] = [],
    };

    /// <summary>Input-path options and arguments (a missing file must be named); others named like paths are outputs.</summary>
    public static readonly HashSet<string> InputPaths = ["--file", "--records", "--store", "FILE", "CSV", "--data-dir"];

    /// <summary>Options whose values are free text, not words from a list (nothing to try).</summary>
    public static readonly HashSet<string> FreeText = ["--out", "--dir", "--index", "--checkpoint-dir", "--adjacency", "--operations", "--x", "--y", "--hash"];

    /// <summary>The reviewed exceptions: (command, option, value) → verdict and why.</summary>
    public static readonly Dictionary<(string Command, string Option, string Value), (Verdict Verdict, string Why)> Exceptions = new()
    {
        // Seeds: any whole number is a seed.
        [("query", "--seed", "0")] = (Verdict.Valid, "any whole number is a seed"),
        [("query", "--seed", "-1")] = (Verdict.Valid, "any whole number is a seed"),
        [("data synth", "--seed", "0")] = (Verdict.Valid, "any whole number is a seed"),
        [("data synth", "--seed", "-1")] = (Verdict.Valid, "any whole number is a seed"),
        [("data bench", "--seed", "0")] = (Verdict.Valid, "any whole number is a seed"),
        [("data bench", "--seed", "-1")] = (Verdict.Valid, "any whole number is a seed"),

        // Stores that a command writes: a path that does not exist yet is where the new store goes.
        [("data import", "--store", Missing)] = (Verdict.Valid, "the store is written there"),
        [("data download", "--store", Missing)] = (Verdict.Valid, "the store is written there"),
    };

    /// <summary>The verdict of a case: the table's, or <see cref="Verdict.Refused"/>.</summary>
    public static (Verdict Verdict, string Why) Of(string command, string option, string value) =>
        Exceptions.TryGetValue((command, option, value), out var v) ? v
        : Exceptions.TryGetValue((command, option, "*"), out var all) ? all
        : (Verdict.Refused, string.Empty);
}
