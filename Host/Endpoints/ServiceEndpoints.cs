using System.Reflection;
using System.Text.Json;
using Allocation.Host.Contracts;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Allocation.Host.Endpoints;

/// <summary><c>/</c>, <c>/health/live</c> and <c>/health/ready</c>.</summary>
internal static class ServiceEndpoints
{
    public static IEndpointRouteBuilder MapServiceEndpoints(this IEndpointRouteBuilder app)
    {
        var version = typeof(ServiceEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var root = new ServiceResponse("Allocation", version, new Dictionary<string, string>
        {
            ["openapi"] = "/openapi/v1.json",
            ["live"] = "/health/live",
            ["ready"] = "/health/ready",
            ["batches"] = "/batches/{ref}",
            ["products"] = "/products/{sku}",
            ["allocations"] = "/allocations/{orderid}",
            ["events"] = "/events?after={position}&wait={seconds}",
        });
        app.MapGet("/", () => TypedResults.Ok(root))
            .WithTags("Service").WithName("Root").WithSummary("Describe the service")
            .WithDescription("What this service is, its version, and where to go next.");

        // Live: the process answers. Ready: the database answers and its schema is current.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
