using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Allocation.AspNetCore;

/// <summary>Every problem document carries a stable <c>code</c> and, for reference clients, <c>message</c> (= <c>detail</c>).</summary>
internal static class ProblemDetailsSetup
{
    public static void Customize(ProblemDetailsOptions options) => options.CustomizeProblemDetails = context =>
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Extensions.TryAdd("code", HttpProblemCodes.ForStatus(status));
        problem.Detail ??= status switch
        {
            StatusCodes.Status404NotFound => $"No route matches {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.",
            _ => problem.Title,
        };
        problem.Extensions["message"] = problem.Detail;
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions.TryAdd("traceId", context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.HttpContext.TraceIdentifier);
    };
}
