using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;

namespace Allocation.Host.OpenApi;

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

    private const string CsvExample = "ref,sku,qty,eta\nbatch-001,SMALL-TABLE,20,\nbatch-002,SMALL-TABLE,50,2026-12-24\n";

    public static OpenApiOptions AddRequestExamples(this OpenApiOptions options) => options.AddOperationTransformer((operation, _, _) =>
    {
        if (operation.RequestBody?.Content is not { } content)
        {
            return Task.CompletedTask;
        }

        if (operation.OperationId is { } id && ByOperation.TryGetValue(id, out var example) && content.TryGetValue("application/json", out var json))
        {
            json.Example = JsonNode.Parse(example);
        }

        if (content.TryGetValue("text/csv", out var csv))
        {
            csv.Example = JsonValue.Create(CsvExample);
        }

        return Task.CompletedTask;
    });
}
