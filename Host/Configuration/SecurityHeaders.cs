namespace Allocation.Host.Configuration;

/// <summary>
/// Response headers that make sense for a JSON API, and for the HTML pages, <c>/docs</c> and <c>/console</c>. Set as
/// the response starts, from the first middleware, so that every response carries them: errors
/// rewritten by the exception handler (which clears headers) and status-code pages included.
/// </summary>
internal static class SecurityHeaders
{
    // The API reference page runs its own script and an inline configuration block; it may fetch only from this host.
    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    // The console runs only its own files: no inline script or style, no other origin, no frames, no forms elsewhere.
    private const string ConsolePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        var path = context.Request.Path;
        headers.ContentSecurityPolicy =
            path.StartsWithSegments(Endpoints.ApiReference.Path, StringComparison.OrdinalIgnoreCase) ? ApiReferencePolicy
            : path.StartsWithSegments(OperatorConsole.ConsoleEndpoints.Path, StringComparison.OrdinalIgnoreCase) ? ConsolePolicy
            : "default-src 'none'; frame-ancestors 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        if (string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
    }
}
