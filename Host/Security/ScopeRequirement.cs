using Microsoft.AspNetCore.Authorization;

namespace Allocation.Host.Security;

/// <summary>A policy's need for <see cref="Scope"/>: met by any API key, or by a token that carries the scope (<see cref="Scopes.Grants"/>).</summary>
internal sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope => scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (Scopes.Grants(context.User, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
