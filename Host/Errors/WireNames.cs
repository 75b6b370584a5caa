namespace Allocation.Host.Errors;

/// <summary>Maps the service layer's parameter names to the JSON field names clients send.</summary>
internal static class WireNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["reference"] = "ref",
        ["orderId"] = "orderid",
        ["quantity"] = "qty",
    };

    public static string Of(string parameter) => Names.GetValueOrDefault(parameter, parameter);
}
