using Allocation.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Allocation's HTTP error table.</summary>
public static class AllocationProblemDetailsExtensions
{
    /// <summary>
    /// Answers every failure as an RFC 9457 problem (<c>application/problem+json</c>, whatever the
    /// request's <c>Accept</c>) carrying a stable <c>code</c>, a <c>traceId</c> and, for reference
    /// clients, <c>message</c>. An Allocation failure gets the status the Allocation host answers
    /// it with: <c>validation-failed</c> and <c>invalid-sku</c> 400, <c>batch-not-found</c> and
    /// <c>line-not-allocated</c> 404, <c>out-of-stock</c>, <c>duplicate-batch</c>,
    /// <c>line-already-allocated</c> and <c>concurrency-conflict</c> 409, <c>events-trimmed</c> 410,
    /// <c>store-unavailable</c> 503 with <c>Retry-After</c>. A body the framework cannot read is
    /// 400, 408, 413 or 415; anything else is a 500 whose details stay in the log.
    /// Add <c>app.UseExceptionHandler()</c> (and, for bare 404s and 405s, <c>app.UseStatusCodePages()</c>) to the pipeline.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAllocationProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(ProblemDetailsSetup.Customize);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, AnyAcceptProblemWriter>()); // after the framework's
        services.AddExceptionHandler<AllocationExceptionHandler>();
        return services;
    }
}
