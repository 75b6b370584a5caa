using System.Globalization;
using System.Text;
using Allocation.Domain.Events;

namespace Allocation.Adapters.Redis;

/// <summary>
/// The reference service's <c>line_allocated</c> message, byte for byte: Python's
/// <c>json.dumps(asdict(Allocated))</c>, with its <c>", "</c> and <c>": "</c> separators, fields in
/// the dataclass's order, and every character outside printable ASCII escaped as <c>\uXXXX</c>.
/// </summary>
internal static class ReferenceJson
{
    public static string LineAllocated(Allocated allocated)
    {
        var json = new StringBuilder(96).Append('{');
        Field(json, "orderid").Append(Text(allocated.OrderId)).Append(", ");
        Field(json, "sku").Append(Text(allocated.Sku)).Append(", ");
        Field(json, "qty").Append(allocated.Quantity.ToString(CultureInfo.InvariantCulture)).Append(", ");
        Field(json, "batchref").Append(Text(allocated.BatchReference));
        return json.Append('}').ToString();
    }

    private static StringBuilder Field(StringBuilder json, string name) => json.Append(Text(name)).Append(": ");

    /// <summary>A JSON string as Python's <c>ensure_ascii</c> writes it.</summary>
    private static string Text(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                >= ' ' and <= '~' => text.Append(c),
                _ => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
            };
        }

        return text.Append('"').ToString();
    }
}
