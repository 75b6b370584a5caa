using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Host.Contracts;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Endpoints;

/// <summary>
/// Writes <c>GET /events/stream</c> as server-sent events: the status line, headers and a comment
/// at once (so a browser's <c>EventSource</c> opens even on a quiet log), then each event
/// (<c>id</c> = position, <c>event</c> = type, <c>data</c> = the event as JSON), read in pages of
/// at most 1000, and a comment every <see cref="FeedOptions.FeedHeartbeat"/> while nothing happens.
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
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        if (Expiry(context.User) is { } expires)
        {
            ends.CancelAfter(expires - DateTimeOffset.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies pass each event on at once
        try
        {
            await response.WriteAsync(": connected\n\n", ends.Token);
            await response.Body.FlushAsync(ends.Token);
            var events = first;
            var quietSince = DateTimeOffset.UtcNow;
            while (true)
            {
                foreach (var logged in events)
                {
                    var data = JsonSerializer.Serialize(EventResponse.From(logged), json);
                    await response.WriteAsync(
                        string.Create(CultureInfo.InvariantCulture, $"id: {logged.Position}\nevent: {logged.Type}\ndata: {data}\n\n"), ends.Token);
                    from = logged.Position;
                }

                if (events.Count > 0)
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
                if (events.Count < EventEndpoints.MaxLimit)
                {
                    await EventLogSignal.WaitAsync(nextCommit, EventEndpoints.Recheck, ends.Token);
                }

                events = await log.ReadAsync(from, EventEndpoints.MaxLimit, ends.Token);
            }
        }
        catch (OperationCanceledException) when (ends.IsCancellationRequested)
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
