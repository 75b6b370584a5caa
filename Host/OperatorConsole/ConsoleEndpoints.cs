using Microsoft.Extensions.Options;

namespace Allocation.Host.OperatorConsole;

/// <summary>
/// <c>GET /console</c>: the operator console, one page whose scripts read and act through this
/// host's own API, with the credential the operator gives them. The page and its files hold no
/// data, so they need none; every read and action is authorized by the API as usual. On unless
/// <c>Allocation:Console:Enabled</c> is false.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string Path = "/console";

    /// <summary>A year: a fingerprinted file never changes under its name.</summary>
    private const string Immutable = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<ConsoleSettings>>().Value.Enabled)
        {
            return app;
        }

        var assets = ConsoleAssets.Load();
        var console = app.MapGroup(Path).ExcludeFromDescription().AllowAnonymous();
        console.MapGet("/assets/{file}", (string file, HttpContext context) => Asset(assets, file, context));
        console.MapGet("/", (HttpContext context) => Page(assets, context));
        console.MapGet("/{**view}", (HttpContext context) => Page(assets, context)); // each view's address opens the page at that view
        return app;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Page(ConsoleAssets assets, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Content(assets.Page(context.Request.PathBase), "text/html; charset=utf-8");
    }

    private static IResult Asset(ConsoleAssets assets, string file, HttpContext context)
    {
        if (assets.Find(file) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = Immutable;
        context.Response.Headers.ETag = asset.ETag;
        return context.Request.Headers.IfNoneMatch == asset.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
