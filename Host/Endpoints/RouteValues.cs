using Microsoft.AspNetCore.Http.Features;

namespace Allocation.Host.Endpoints;

/// <summary>
/// Identifiers in routes, exactly as the client encoded them. ASP.NET Core decodes a path except
/// for <c>%2F</c>, which makes an encoded slash and a literal "%2F" look alike. So route values
/// are read from the raw request target and unescaped once: every character round-trips when
/// clients encode identifiers with <c>encodeURIComponent</c> or <c>Uri.EscapeDataString</c>.
/// </summary>
internal static class RouteValues
{
    /// <summary>The path segment at <paramref name="index"/> (0 is the first after the leading slash), unescaped.</summary>
    /// <param name="context">The request.</param>
    /// <param name="index">Which segment.</param>
    /// <param name="routeValue">The value routing bound, used when the raw target is not available.</param>
    public static string Segment(HttpContext context, int index, string routeValue)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }

        var path = raw.Split('?', 2)[0];
        var segments = path[1..].Split('/');
        return index < segments.Length ? Uri.UnescapeDataString(segments[index]) : routeValue;
    }
}
