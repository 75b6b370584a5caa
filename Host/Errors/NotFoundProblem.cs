using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Errors;

/// <summary>A 404 problem an endpoint answers itself, when what it reads does not exist.</summary>
internal static class NotFoundProblem
{
    public static ProblemHttpResult Create(string code, string title, string detail) => TypedResults.Problem(
        detail: detail, statusCode: StatusCodes.Status404NotFound, title: title,
        extensions: new Dictionary<string, object?> { ["code"] = code });
}
