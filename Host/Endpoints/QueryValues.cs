using System.Globalization;
using Allocation.Application;

namespace Allocation.Host.Endpoints;

/// <summary>Query-string values read once, with every problem collected in the request's <see cref="InputRules"/>.</summary>
internal static class QueryValues
{
    /// <summary>The default page size of a listing.</summary>
    public const int DefaultLimit = 100;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public static long Number(InputRules rules, string name, string? text, long fallback, long min, long max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        rules.Problem(name, $"must be a whole number from {min} to {max}");
        return fallback;
    }

    /// <summary>A listing's page size: 1 to <see cref="AllocationService.MaxPageSize"/>, <see cref="DefaultLimit"/> when absent.</summary>
    public static int Limit(InputRules rules, string? text) => (int)Number(rules, "limit", text, DefaultLimit, 1, AllocationService.MaxPageSize);
}
