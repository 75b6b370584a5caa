using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;

namespace Allocation.Host.Configuration;

/// <summary>A request example on every operation that takes a body, for the API page and generated clients.</summary>
internal static class OpenApiExamples
{
    private static readonly Dictionary<string, string> ByOperation = new(StringComparer.Ordinal)
    {
        ["AddBatch"] = """{"ref":"batch-001","sku":"SMALL-TABLE","qty":20,"eta":"2026-12-24"}""",
        ["AddBatchReference"] = """{"ref":"batch-001","sku":"SMALL-TABLE","qty":20,"eta":null}""",
        ["ChangeBatchQuantity"] = """{"qty":15}""",
        ["Allocate"] = """{"orderid":"order-1","sku":"SMALL-TABLE","qty":2}""",
        ["AllocateReference"] = """{"orderid":"order-1","sku":"SMALL-TABLE","qty":2}""",
    };

    public static OpenApiOptions AddRequestExamples(this OpenApiOptions options) => options.AddOperationTransformer((operation, _, _) =>
    {
        if (operation.OperationId is { } id && ByOperation.TryGetValue(id, out var example)
            && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json))
        {
            json.Example = JsonNode.Parse(example);
        }

        return Task.CompletedTask;
    });
}
