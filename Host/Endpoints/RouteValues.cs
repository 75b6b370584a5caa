using Allocation.Application;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Allocation.Host.Endpoints;

/// <summary>
/// Identifiers in routes, exactly as the client encoded them. ASP.NET Core decodes a path except
/// for <c>%2F</c>, which makes an encoded slash and a literal "%2F" look alike. So a route value is
/// read from the raw request target, at the position its parameter has in the matched route
/// pattern (behind any path base), and unescaped once: every character round-trips when clients
/// encode identifiers with <c>encodeURIComponent</c> or <c>Uri.EscapeDataString</c>, whatever
/// prefix or group the routes are mapped under. A raw segment that is not the one routing matched
/// (dot segments moved it) is never used.
/// Handlers still declare each route parameter (<c>string sku</c>) though they read it here: a
/// Minimal API leaves an undeclared route parameter out of the OpenAPI document
/// (dotnet/aspnetcore#63883), and generated clients need it there.
/// </summary>
internal static class RouteValues
{
    /// <summary>The identifier in route parameter <paramref name="name"/>, validated, its problem named after the parameter.</summary>
    /// <exception cref="Application.Errors.InvalidInputException">It is not a valid identifier.</exception>
    public static string Identifier(HttpContext context, string name)
    {
        var value = Raw(context, name);
        new InputRules().Identifier(name, value).ThrowIfBroken();
        return value;
    }

    /// <summary>The route value <paramref name="name"/> as the client sent it, unescaped once.</summary>
    public static string Raw(HttpContext context, string name)
    {
        var bound = context.Request.RouteValues[name] as string ?? "";
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/' || context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return bound.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }

        var index = IndexOf(endpoint.RoutePattern, name);
        var skipped = context.Request.PathBase.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        var segments = raw.Split('?', 2)[0][1..].Split('/');
        if (index < 0 || skipped + index >= segments.Length)
        {
            return bound;
        }

        // The raw segment must be the one routing matched. A raw target with dot segments
        // (/batches/a/../b) is normalised before routing, so its segments no longer line up: then
        // the value is the one routing matched, never a segment the router did not route by.
        var value = Uri.UnescapeDataString(segments[skipped + index]);
        return string.Equals(value.Replace("/", "%2F", StringComparison.Ordinal), bound.Replace("%2f", "%2F", StringComparison.Ordinal), StringComparison.Ordinal)
            ? value
            : bound;
    }

    /// <summary>The path segment the parameter fills on its own, or -1.</summary>
    private static int IndexOf(RoutePattern pattern, string name)
    {
        for (var i = 0; i < pattern.PathSegments.Count; i++)
        {
            if (pattern.PathSegments[i] is { IsSimple: true, Parts: [RoutePatternParameterPart parameter] } && parameter.Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
