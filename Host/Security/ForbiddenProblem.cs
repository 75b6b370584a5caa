using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Allocation.Host.Security;

/// <summary>
/// Answers a caller who is known but lacks the scope with a 403 problem that names the scope, and
/// the RFC 6750 challenge <c>Bearer error="insufficient_scope"</c>; everything else is the
/// framework's own handling.
/// </summary>
internal sealed class ForbiddenProblem(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || policy.Requirements.OfType<ScopeRequirement>().FirstOrDefault() is not { } needed)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{needed.Scope}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"This route needs a token with scope {needed.Scope}.",
                Extensions = { ["code"] = "forbidden", ["scope"] = needed.Scope },
            },
        }).ConfigureAwait(false);
    }
}
