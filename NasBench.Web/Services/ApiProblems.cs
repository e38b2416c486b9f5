using NasBench.Core.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using NasBench.Core.Experiments;

namespace NasBench.Web.Services;

/// <summary>The API's problem answers (RFC 7807) that several route maps give, with their exact titles.</summary>
public static class ApiProblems
{
    /// <summary>A 400 problem naming each field and its rule.</summary>
    public static ValidationProblem Invalid(IReadOnlyList<RequestError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.ValidationProblem(
            errors.GroupBy(e => string.IsNullOrEmpty(e.Field) ? "body" : e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The request breaks a rule.");
    }

    /// <summary>A 400 problem for one field (the body's JSON is the usual one).</summary>
    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>404: there is no experiment <paramref name="id"/>.</summary>
    public static ProblemHttpResult NoExperiment(long id) => Status(StatusCodes.Status404NotFound, $"No experiment {id}.");

    /// <summary>A problem with a status and a title (what the API has always answered: the title says it all).</summary>
    public static ProblemHttpResult Status(int status, string title) => TypedResults.Problem(statusCode: status, title: title);
}
