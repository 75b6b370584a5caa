using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Allocation.Host.Endpoints;

/// <summary>
/// <c>GET /docs</c>: the API reference page (Scalar), built in the browser from <c>/openapi/v1.json</c>,
/// its script served from this binary (no CDN). On in every environment unless
/// <c>Allocation:Http:ApiReference</c> is false: it shows nothing the open OpenAPI document does not.
/// </summary>
internal static class ApiReference
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<ApiReferenceSettings>>().Value.ApiReference)
        {
            app.MapScalarApiReference(Path, options => options
                .WithTitle("Allocation API")
                .ExpandAllTags()
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        }

        return app;
    }
}

/// <summary><c>Allocation:Http:ApiReference</c>, bound and checked with the other settings before the host touches its database.</summary>
internal sealed class ApiReferenceSettings
{
    public const string SectionName = "Allocation:Http";

    /// <summary>Whether <c>/docs</c> is served. Default <see langword="true"/>.</summary>
    public bool ApiReference { get; set; } = true;
}
