using Allocation.AspNetCore;
using Microsoft.Net.Http.Headers;

namespace Allocation.Host.Errors;

/// <summary>
/// JSON request bodies are UTF-8 (RFC 8259). A JSON <c>Content-Type</c> may say so, quoted or not,
/// in any case (<c>charset=utf-8</c>, <c>charset="UTF-8"</c>), or say nothing; any other charset, or
/// one that is not a charset at all, is refused with 415 <c>unsupported-media-type</c> before the
/// endpoint reads the body. (The framework failed on a quoted or unknown charset with a 500.)
/// </summary>
internal static class JsonCharset
{
    public static IApplicationBuilder UseJsonCharset(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentType is { } header && MediaTypeHeaderValue.TryParse(header, out var type) && IsJson(type) && type.Charset.HasValue)
        {
            var charset = HeaderUtilities.RemoveQuotes(type.Charset).Value;
            if (!string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase) && !string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Title = "Unsupported media type",
                        Detail = $"JSON bodies are UTF-8: send charset=utf-8 or no charset (got charset={Bounded(charset)}).",
                        Extensions = { ["code"] = HttpProblemCodes.UnsupportedMediaType },
                    },
                });
                return;
            }

            type.Charset = "utf-8"; // unquoted, as the framework's reader expects
            request.ContentType = type.ToString();
        }

        await next(context);
    });

    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    private static string Bounded(string? value) => value is { Length: > 40 } ? $"{value[..40]}…" : value ?? "";
}
