using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Allocation.Host.Errors;

/// <summary>Refuses request bodies over 64 KiB with 413 (or an endpoint's own limit), declared or chunked, on Kestrel and in-process test servers alike.</summary>
internal static class RequestLimits
{
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>The body limit of the request's endpoint: 64 KiB unless the endpoint allows more.</summary>
    public static long AllowedFor(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxBodyBytes;


    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // An endpoint may allow more (the CSV import); every other body is held to 64 KiB.
        var allowed = AllowedFor(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = allowed;
        }
        else
        {
            // A server without the feature (the test server): the body counts itself, and a
            // feature states the limit for the problem that names it.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is null)
            {
                context.Features.Set<IHttpMaxRequestBodySizeFeature>(new StatedLimit(allowed));
            }

            if (context.Request.ContentLength is null)
            {
                context.Request.Body = new LimitedBody(context.Request.Body, allowed);
            }
        }

        if (context.Request.ContentLength > allowed)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        await next(context);
    });
}

/// <summary>The limit a request is held to, where the server has no feature of its own to say it.</summary>
internal sealed class StatedLimit(long limit) : IHttpMaxRequestBodySizeFeature
{
    public bool IsReadOnly => true;

    public long? MaxRequestBodySize { get => limit; set => throw new InvalidOperationException("The limit is set once per request."); }
}

/// <summary>A chunked body that throws 413 once it passes its limit, where the server does not enforce one.</summary>
internal sealed class LimitedBody(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge) : read;
    }
}
