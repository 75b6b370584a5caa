using Allocation.Host.Import;

namespace Allocation.Host.Endpoints;

/// <summary>The whole HTTP API in one call, mappable under any prefix or route group.</summary>
internal static class AllocationApi
{
    public static IEndpointRouteBuilder MapAllocationApi(this IEndpointRouteBuilder app) => app
        .MapBatchEndpoints()
        .MapImportEndpoints()
        .MapProductEndpoints()
        .MapAllocationEndpoints()
        .MapReferenceEndpoints()
        .MapEventEndpoints()
        .MapOperatorEndpoints()
        .MapInboundEndpoints();
}
