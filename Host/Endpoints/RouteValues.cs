namespace Allocation.Host.Endpoints;

/// <summary>
/// ASP.NET Core decodes a request path except for <c>%2F</c>, so that an encoded slash cannot
/// split a route segment. Identifiers may contain slashes, so route values decode it here:
/// clients encode identifiers with <c>encodeURIComponent</c> or <c>Uri.EscapeDataString</c> and
/// every character, slash included, round-trips.
/// </summary>
internal static class RouteValues
{
    public static string Decode(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
