using System.CommandLine;

namespace NasBench.Cli.Tests;

/// <summary>
/// Runs every command and subcommand of the CLI with wrong values for each of its options (see
/// <see cref="BadOptionTable"/>): non-zero exit, stderr names the option (or the file/URL), and never an unhandled
/// exception, a stack frame or a .NET type name.
/// </summary>
public sealed class BadOptionTests
{
    private static readonly string Temp = CliRunner.TempDirectory();

    public BadOptionTests()
    {
        // The enumerated space, shared with the other CLI tests: loading it is not the work a refusal must precede.
        using var sandbox = new CliSandbox();
    }

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, command) in Commands(NasBenchCli.Build(), string.Empty))
        {
            foreach (var option in command.Options.Where(o => o.Name is not ("--help" or "--version")))
            {
                foreach (string value in ValuesFor(option.Name, option.ValueType))
                {
                    data.Add(path, option.Name, value);
                }
            }

            foreach (var argument in command.Arguments)
            {
                foreach (string value in ValuesFor(argument.Name, argument.ValueType))
                {
                    data.Add(path, argument.Name, value);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadValue_IsRefusedInOneLineNamingTheOption(string command, string option, string value)
    {
        var (verdict, why) = BadOptionTable.Of(command, option, value);
        Assert.True(verdict == Verdict.Refused || !string.IsNullOrWhiteSpace(why), "every exception in the table says why");
        string actual = value switch
        {
            BadOptionTable.Missing => Path.Combine(Temp, "does-not-exist", "missing.file"),
            BadOptionTable.Unreachable => $"http://127.0.0.1:{LoopbackPort.Free()}/x",
            _ => value,
        };
        var args = command.Split(' ').ToList();
        var baseArgs = BadOptionTable.BaseArguments(Temp, SearchCliRun.RealData("records_30_models_108.csv"), SearchCliRun.RealData("record_00005c14_epochs4.tfrecord"));
        var rest = baseArgs.TryGetValue(command, out var b) ? b.ToList() : [];
        bool isArgument = !option.StartsWith('-');
        if (isArgument)
        {
            int at = rest.FindIndex(a => !a.StartsWith('-'));
            if (at >= 0 && (at == 0 || !rest[at - 1].StartsWith('-')))
            {
                rest[at] = actual; // the positional argument of the base
            }
            else
            {
                rest.Insert(0, actual);
            }
        }
        else
        {
            int at = rest.IndexOf(option);
            if (at >= 0)
            {
                rest.RemoveRange(at, 2);
            }

            rest.AddRange([option, actual]);
        }

        args.AddRange(rest);
        if (verdict == Verdict.Valid)
        {
            // Not run (it would do the command's work), but the command line must parse: no parser rule refuses it.
            var errors = NasBenchCli.Build().Parse([.. args]).Errors;
            Assert.True(errors.Count == 0, $"a valid value ({why}) is refused by the parser: nasbench {string.Join(' ', args)}: {string.Join("; ", errors.Select(e => e.Message))}");
            return;
        }

        if (verdict == Verdict.KnownGap)
        {
            return; // listed with its reason: another change owns the fix
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var run = NasBenchCli.RunAsync([.. args], output, error, timeout.Token);
        if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))) != run)
        {
            Assert.Fail($"still working after 20 s, even after its cancel (validation must come before any work): nasbench {string.Join(' ', args)}");
        }

        int code = await run;
        string err = error.ToString(), all = output + err;
        string shown = $"nasbench {string.Join(' ', args)}\n→ exit {code}\n{err}";
        Assert.False(timeout.IsCancellationRequested, $"still working after 10 s (validation must come before any work): {shown}");
        Assert.True(code != 0, $"accepted: {shown}");
        bool pathOrUrl = value is BadOptionTable.Missing or BadOptionTable.Unreachable;
        Assert.True(err.Contains(option, StringComparison.Ordinal) || (pathOrUrl && err.Contains(actual, StringComparison.Ordinal)),
            $"the message does not name {option}{(pathOrUrl ? " or " + actual : string.Empty)}: {shown}");
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", all, StringComparison.Ordinal);
    }

    /// <summary>The table only names commands and options that exist, so it cannot rot.</summary>
    [Fact]
    public void Table_NamesOnlyExistingCommandsAndOptions()
    {
        var tree = Commands(NasBenchCli.Build(), string.Empty).ToDictionary(c => c.Path, c => c.Command);
        foreach (var (command, option, _) in BadOptionTable.Exceptions.Keys)
        {
            Assert.True(tree.TryGetValue(command, out var c), $"no command '{command}'");
            Assert.True(option == "*" || c.Options.Any(o => o.Name == option) || c.Arguments.Any(a => a.Name == option), $"'{command}' has no option {option}");
        }

        foreach (string command in BadOptionTable.BaseArguments("t", "r", "f").Keys)
        {
            Assert.True(tree.ContainsKey(command), $"base arguments for a command that does not exist: '{command}'");
        }
    }

    private static IEnumerable<(string Path, Command Command)> Commands(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            string path = prefix.Length == 0 ? sub.Name : $"{prefix} {sub.Name}";
            if (sub.Action is not null)
            {
                yield return (path, sub);
            }

            foreach (var nested in Commands(sub, path))
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<string> ValuesFor(string name, Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        if (t == typeof(int) || t == typeof(long))
        {
            return ["0", "-1", "99999999999999999999", "abc"];
        }

        if (t == typeof(double) || t == typeof(float))
        {
            return ["0", "-1", "1e300", "NaN", "abc"];
        }

        if (t.IsEnum)
        {
            return ["abc"];
        }

        if (name == "--url")
        {
            return [BadOptionTable.Unreachable];
        }

        if (BadOptionTable.InputPaths.Contains(name))
        {
            return [BadOptionTable.Missing];
        }

        if (BadOptionTable.ExtraValues.TryGetValue(name, out var extra))
        {
            return ["abc", .. extra];
        }

        return t == typeof(string) && !BadOptionTable.FreeText.Contains(name) ? ["abc"] : [];
    }

}
