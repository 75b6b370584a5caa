using Allocation.Host.Errors;

namespace Allocation.Host.Configuration;

/// <summary>The host's middleware, in order: security headers on every response, problems for every failure, body limit, UTF-8 JSON, slow-request logs, authentication.</summary>
internal static class AllocationPipeline
{
    public static IApplicationBuilder UseAllocationPipeline(this IApplicationBuilder app) => app
        .UseSecurityHeaders()
        .UseExceptionHandler()
        .UseStatusCodePages()
        .UseRequestBodyLimit()
        .UseJsonCharset()
        .UseMiddleware<RequestLogging>()
        .UseAuthentication()
        .UseAuthorization();
}
