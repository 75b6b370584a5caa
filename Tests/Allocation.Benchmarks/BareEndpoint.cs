using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Allocation.Benchmarks;

/// <summary>
/// The HTTP floor: a bare Minimal API endpoint in its own process that parses the same JSON as
/// <c>POST /allocations</c> and answers 201 with a small body, and does nothing else. What the host
/// costs beyond it is the host's own.
/// </summary>
internal static class BareEndpoint
{
    public const string Command = "bare-endpoint";

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        // Logging as the host ships it (appsettings.json): framework categories at Warning, so a
        // fast, successful request writes nothing here either. Nothing is removed or turned off.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BareJson.Default));
        var app = builder.Build();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapPost("/allocations", (BareRequest request) =>
            TypedResults.Created($"/allocations/{request.OrderId}", new BareResponse(request.Sku + "-batch")));
        await app.RunAsync();
    }
}

/// <summary>The request body, as the host's contract names it.</summary>
internal sealed record BareRequest(
    [property: JsonPropertyName("orderid")] string OrderId,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("qty")] int Quantity);

/// <summary>The answer.</summary>
internal sealed record BareResponse([property: JsonPropertyName("batchref")] string BatchReference);

[JsonSerializable(typeof(BareRequest))]
[JsonSerializable(typeof(BareResponse))]
internal sealed partial class BareJson : JsonSerializerContext;
