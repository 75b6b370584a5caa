using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Allocation.AspNetCore;

/// <summary>
/// Writes a problem as <c>application/problem+json</c> when the request's <c>Accept</c> names no
/// JSON type (<c>text/plain</c>, <c>text/html</c>, <c>application/xml</c>, or the
/// <c>text/event-stream</c> of a browser's <c>EventSource</c>). The API has one error format, and
/// RFC 9110 lets a server answer outside <c>Accept</c> rather than fail: without this writer the
/// framework's own one declines, and a 401 or 404 became an empty 500. Registered after the
/// framework's writer, so a client that accepts JSON gets exactly what it did before.
/// </summary>
internal sealed class AnyAcceptProblemWriter(IOptions<ProblemDetailsOptions> problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var problem = context.ProblemDetails;
        var status = problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Type ??= $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(response.WriteAsJsonAsync(problem, json.Value.SerializerOptions, "application/problem+json"));
    }
}
