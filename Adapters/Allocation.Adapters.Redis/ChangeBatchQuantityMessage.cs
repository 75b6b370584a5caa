using System.Text.Json;
using Allocation.Application.Commands;
using Allocation.Domain;

namespace Allocation.Adapters.Redis;

/// <summary>
/// Reads the reference service's <c>{"batchref": str, "qty": int}</c>, validating it once, here, in
/// the message's own field names. A message it refuses gets a reason, for the parked stream.
/// </summary>
internal static class ChangeBatchQuantityMessage
{
    public static (ChangeBatchQuantity? Command, string? Reason) Read(string? payload, string messageId)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return (null, "empty message");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            return (null, $"bad JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, $"bad JSON: expected an object, got {root.ValueKind}");
            }

            if (!root.TryGetProperty("batchref", out var batchref))
            {
                return (null, "missing field batchref");
            }

            if (!root.TryGetProperty("qty", out var qty))
            {
                return (null, "missing field qty");
            }

            if (batchref.ValueKind != JsonValueKind.String)
            {
                return (null, $"batchref must be a string, got {batchref.ValueKind}");
            }

            if (Identifier.Validate(batchref.GetString()) is { } problem)
            {
                return (null, $"batchref {problem}");
            }

            if (qty.ValueKind != JsonValueKind.Number || !qty.TryGetInt32(out var quantity))
            {
                return (null, $"qty must be a whole number, got {(qty.ValueKind == JsonValueKind.Number ? qty.GetRawText() : qty.ValueKind.ToString())}");
            }

            if (quantity < Batch.MinimumQuantity)
            {
                return (null, $"qty must be at least {Batch.MinimumQuantity}, got {quantity}");
            }

            return (new ChangeBatchQuantity(batchref.GetString()!, quantity, messageId), null);
        }
    }
}
