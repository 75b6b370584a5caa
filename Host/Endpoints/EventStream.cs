using System.Buffers;
using System.Globalization;
using System.Security.Claims;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Host.Contracts;

namespace Allocation.Host.Endpoints;

/// <summary>
/// Writes <c>GET /events/stream</c> as server-sent events: the status line, headers and a comment
/// at once (so a browser's <c>EventSource</c> opens even on a quiet log), then each event
/// (<c>id</c> = position, <c>event</c> = type, <c>data</c> = the event as JSON), read in pages of
/// at most 1000 until the stream has caught up; then the host's one loop over the tail
/// (<see cref="FeedTail"/>) writes its events, and a comment every <see cref="FeedOptions.FeedHeartbeat"/>
/// while nothing happens.
/// The stream ends when the client goes, the host stops, or the bearer token it was opened with
/// expires.
/// </summary>
internal static class EventStream
{
    public static async Task WriteAsync(
        HttpContext context, IEventLog log, long from, IReadOnlyList<LoggedEvent> first, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        if (Expiry(context.User) is { } expires)
        {
            ends.CancelAfter(expires - DateTimeOffset.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        }

        var tail = services.GetRequiredService<FeedTail>();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies pass each event on at once
        try
        {
            await response.WriteAsync(": connected\n\n", ends.Token);
            await response.Body.FlushAsync(ends.Token);
            IReadOnlyList<FeedTail.Frame> frames = [.. first.Select(tail.FrameOf)];
            var caughtUp = first.Count < EventEndpoints.MaxLimit;
            while (true)
            {
                foreach (var frame in frames)
                {
                    response.BodyWriter.Write(frame.Utf8.Span); // buffered: one flush sends them all
                    from = frame.Position;
                }

                if (await response.BodyWriter.FlushAsync(ends.Token) is { IsCompleted: true } or { IsCanceled: true })
                {
                    return; // the client has gone
                }

                if (caughtUp && tail.Follow(response.BodyWriter, from) is { } follower)
                {
                    // From here the tail's loop writes this stream's events and heartbeats, until the
                    // client goes, the host stops, or the stream falls behind what the tail holds.
                    var stuck = false;
                    try
                    {
                        await follower.Ended.WaitAsync(ends.Token);
                    }
                    finally
                    {
                        stuck = follower.IsBusy;
                        if (stuck)
                        {
                            context.Abort(); // a send still pending: only closing the connection frees it
                        }

                        await tail.UnfollowAsync(follower);
                    }

                    if (stuck)
                    {
                        return; // the client resumes with Last-Event-ID
                    }

                    from = follower.Position; // fell behind the tail: read the log from here, as a replay
                    frames = [];
                    caughtUp = false;
                    continue;
                }

                // Behind the tail (a replay): read the log itself, a page at a time, until caught up.
                var events = await log.ReadAsync(from, EventEndpoints.MaxLimit, ends.Token);
                frames = [.. events.Select(tail.FrameOf)];
                caughtUp = events.Count < EventEndpoints.MaxLimit;
            }
        }
        catch (Exception e) when (ends.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException)
        {
            // the client went, the host stops, or the token expired: the stream ends; a client resumes with Last-Event-ID
        }
    }

    /// <summary>When the bearer token the request was authenticated with expires (its <c>exp</c> claim), if it was.</summary>
    private static DateTimeOffset? Expiry(ClaimsPrincipal user) =>
        user.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
