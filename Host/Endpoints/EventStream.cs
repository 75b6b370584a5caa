using System.Globalization;
using System.Security.Claims;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Host.Contracts;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Endpoints;

/// <summary>
/// Writes <c>GET /events/stream</c> as server-sent events: the status line, headers and a comment
/// at once (so a browser's <c>EventSource</c> opens even on a quiet log), then each event
/// (<c>id</c> = position, <c>event</c> = type, <c>data</c> = the event as JSON), read in pages of
/// at most 1000 until the stream has caught up and then taken from the host's one reader of the
/// tail (<see cref="FeedTail"/>), and a comment every <see cref="FeedOptions.FeedHeartbeat"/>
/// while nothing happens.
/// The stream ends when the client goes, the host stops, or the bearer token it was opened with
/// expires.
/// </summary>
internal static class EventStream
{
    public static async Task WriteAsync(
        HttpContext context, IEventLog log, EventLogSignal signal, long from, IReadOnlyList<LoggedEvent> first, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var heartbeat = services.GetRequiredService<IOptions<FeedOptions>>().Value.FeedHeartbeat;
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
            IReadOnlyList<FeedTail.Frame> frames = [.. first.Select(logged => new FeedTail.Frame(logged.Position, tail.FrameOf(logged)))];
            var caughtUp = first.Count < EventEndpoints.MaxLimit;
            var quietSince = DateTimeOffset.UtcNow;
            while (true)
            {
                foreach (var frame in frames)
                {
                    await response.WriteAsync(frame.Text, ends.Token);
                    from = frame.Position;
                }

                if (frames.Count > 0)
                {
                    await response.Body.FlushAsync(ends.Token);
                    quietSince = DateTimeOffset.UtcNow;
                }
                else if (DateTimeOffset.UtcNow - quietSince >= heartbeat)
                {
                    await response.WriteAsync(": keep-alive\n\n", ends.Token);
                    await response.Body.FlushAsync(ends.Token);
                    quietSince = DateTimeOffset.UtcNow;
                }

                var nextCommit = signal.NextCommit();
                if (caughtUp && await tail.AfterAsync(from, EventEndpoints.MaxLimit, nextCommit, EventEndpoints.Recheck, ends.Token) is { } shared)
                {
                    frames = shared; // the host's one reader of the tail
                    if (frames.Count == 0)
                    {
                        await EventLogSignal.WaitAsync(nextCommit, EventEndpoints.Recheck, ends.Token);
                    }

                    continue;
                }

                // Behind the tail (a replay): read the log itself, a page at a time, until caught up.
                var events = await log.ReadAsync(from, EventEndpoints.MaxLimit, ends.Token);
                frames = [.. events.Select(logged => new FeedTail.Frame(logged.Position, tail.FrameOf(logged)))];
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
