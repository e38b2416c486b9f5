using NasBench.Core.Options;
using NasBench.Core.SearchSpace;

namespace NasBench.Core.Experiments;

/// <summary>
/// One cell as one piece of text: the values of <c>--adjacency</c> and <c>--operations</c> (as <c>train</c> and
/// <c>query</c> take them) joined by a space, e.g. <c>"0110000100010000 input,conv3x3-bn-relu,conv1x1-bn-relu,output"</c>
/// — the form <see cref="ModelSpec.ToString"/> prints. <c>--start-cell</c> takes it.
/// </summary>
public static class CellArgument
{
    /// <summary>An example for messages and hints.</summary>
    public const string Example = "0110000100010000 input,conv3x3-bn-relu,conv1x1-bn-relu,output";

    /// <summary>Validates the text: the spec when valid, else a message naming the broken rule (no option name).</summary>
    public static SpecCheck Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            ? ModelSpec.Check(parts[0], parts[1])
            : SpecCheck.Fail(SpecStatus.Invalid, $"give the adjacency and the operations separated by one space, e.g. '{Example}' (got '{text}').");
    }

    /// <summary>Parses valid text or throws <see cref="RequestValidationException"/> for <paramref name="field"/>.</summary>
    public static ModelSpec Parse(string text, string field) =>
        Check(text) is { Spec: { } spec } ? spec
            : throw new RequestValidationException([new RequestError(field, $"{RequestRules.Option(field)}: {Check(text).Message}")]);

    /// <summary>The text of a cell (its pruned form).</summary>
    public static string Format(CellKey cell) => $"{cell.ToAdjacencyString()} {cell.ToOperationsString()}";
}
