using System.Globalization;
using NasBench.Core.Experiments;

namespace NasBench.Web.Components.Pages.Experiments;

/// <summary>The search and compare form's fields (text where the CLI takes an optional number), turned into the request
/// the CLI would build; the request's own Validate() gives the messages.</summary>
public sealed class SearchForm
{
    public string Kind { get; set; } = "search";
    public string Algorithm { get; set; } = "random";
    public string Algorithms { get; set; } = string.Join(',', CompareRequest.DefaultAlgorithms);
    public string? Queries { get; set; }
    public string? SimulatedSeconds { get; set; } = "5e6";
    public string? WallclockSeconds { get; set; }
    public int Runs { get; set; } = 10;
    public int Seed { get; set; }
    public string Protocol { get; set; } = "nb101";
    public int Epochs { get; set; } = 108;
    public string Source { get; set; } = "store";
    public string? Path { get; set; }
    public int SyntheticSeed { get; set; }
    public string Sampler { get; set; } = "auto";
    public int Population { get; set; } = 50;
    public int Tournament { get; set; } = 10;
    public double MutationRate { get; set; } = 1.0;
    public double Exploration { get; set; } = 1.0;

    /// <summary>The seed paper's comparison (CompareRequest.SeedPaper()).</summary>
    public static SearchForm SeedPaper()
    {
        var paper = CompareRequest.SeedPaper();
        return new SearchForm
        {
            Kind = "compare", Algorithms = string.Join(',', paper.Algorithms), Runs = paper.Runs, Seed = paper.Seed,
            SimulatedSeconds = paper.SimulatedSeconds?.ToString("R", CultureInfo.InvariantCulture), Queries = null, WallclockSeconds = null,
        };
    }

    /// <summary>The request, or the fields that are not numbers.</summary>
    public (ExperimentRequest? Request, IReadOnlyList<RequestError> Errors) ToRequest()
    {
        var errors = new List<RequestError>();
        long? queries = Parse("queries", Queries, long.Parse, errors);
        double? simulated = Parse("simulatedSeconds", SimulatedSeconds, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), errors);
        double? wallclock = Parse("wallclockSeconds", WallclockSeconds, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), errors);
        if (!Enum.TryParse<CellDistribution>(Sampler, ignoreCase: true, out var sampler))
        {
            errors.Add(new RequestError("sampler", "Unknown --sampler: use auto, raw or uniform."));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        string? path = string.IsNullOrWhiteSpace(Path) ? null : Path.Trim();
        SearchSettings request = Kind == "compare"
            ? new CompareRequest { Algorithms = [.. Algorithms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] }
            : new SearchRequest { Algorithm = Algorithm };
        request = request with
        {
            Queries = queries, SimulatedSeconds = simulated, WallclockSeconds = wallclock, Runs = Runs, Seed = Seed, Protocol = Protocol,
            Epochs = Epochs, Sampler = sampler, Population = Population, Tournament = Tournament, MutationRate = MutationRate,
            Exploration = Exploration, Synthetic = Source == "synthetic", SyntheticSeed = Source == "synthetic" ? SyntheticSeed : 0,
            Store = Source == "store" ? path : null, Records = Source == "records" ? path : null,
        };
        return (request, request.Validate());
    }

    private static T? Parse<T>(string field, string? text, Func<string, T> parse, List<RequestError> errors)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return parse(text.Trim());
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            errors.Add(new RequestError(field, $"{RequestRules.Option(field)} must be a number (got '{text}')."));
            return null;
        }
    }
}
