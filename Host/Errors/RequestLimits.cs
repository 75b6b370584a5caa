using Microsoft.AspNetCore.Http.Features;

namespace Allocation.Host.Errors;

/// <summary>Refuses request bodies over 64 KiB with 413, on Kestrel and in-process test servers alike.</summary>
internal static class RequestLimits
{
    public const long MaxBodyBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        await next(context);
    });
}
