namespace Allocation.Host.Configuration;

/// <summary>
/// How every list-valued setting is read: the array form (<c>Key:0</c>, <c>Key:1</c>; in the
/// environment <c>Key__0</c>), one value, or one value holding a comma-separated list
/// (<c>Key=a@example.com,b@example.com</c>). Blank items are dropped; the array form comes first.
/// </summary>
internal static class ListSetting
{
    /// <summary>The items of the list setting at <paramref name="section"/>.</summary>
    public static string[] Read(IConfigurationSection section)
    {
        var items = section.GetChildren().Select(child => child.Value?.Trim() ?? "").Where(item => item.Length > 0);
        if (section.Value is { } value)
        {
            items = items.Concat(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return [.. items];
    }
}
