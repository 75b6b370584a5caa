using Allocation.Host.Errors;

namespace Allocation.Host.Configuration;

/// <summary>The host's middleware, in order: problems for every failure, security headers, body limit, slow-request logs, authentication.</summary>
internal static class AllocationPipeline
{
    public static IApplicationBuilder UseAllocationPipeline(this IApplicationBuilder app) => app
        .UseExceptionHandler()
        .UseStatusCodePages()
        .UseSecurityHeaders()
        .UseRequestBodyLimit()
        .UseMiddleware<RequestLogging>()
        .UseAuthentication()
        .UseAuthorization();
}
