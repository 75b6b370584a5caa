using System.Globalization;
using System.Text.Json;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Endpoints;

/// <summary>
/// The tail of the event log, read once per commit for every stream of this host and kept as
/// ready-made server-sent event frames (the newest <see cref="Capacity"/>). A stream that has
/// caught up takes its events from here instead of reading the log itself: with a thousand streams
/// open, a commit costs one read and one serialisation, not a thousand. The tail starts where the
/// first caught-up stream stands, and reads as <see cref="IEventLog.ReadAsync"/> does (in commit
/// order, never past a writer still running), so every frame after its start is there, once.
/// </summary>
internal sealed class FeedTail(IEventLog log, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IDisposable
{
    public const int Capacity = 10_000;

    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Lock _lock = new();
    private readonly List<Frame> _frames = [];
    private long _start = -1;
    private long _end = -1;
    private Task? _readBefore;
    private DateTimeOffset _readAt;

    /// <summary>An event as a server-sent event frame.</summary>
    public readonly record struct Frame(long Position, string Text);

    /// <summary>
    /// The frames after <paramref name="from"/> (at most <paramref name="limit"/>), reading the log
    /// first when a commit (<paramref name="nextCommit"/> done) or <paramref name="recheck"/> has
    /// passed since the last read; <see langword="null"/> when <paramref name="from"/> lies before
    /// what the tail holds, and the caller must read the log itself.
    /// </summary>
    public async Task<IReadOnlyList<Frame>?> AfterAsync(long from, int limit, Task nextCommit, TimeSpan recheck, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_start < 0)
            {
                _start = _end = from; // the first caller has just read everything after from itself
            }
            else if (from < _start)
            {
                return null;
            }
        }

        if (Stale(nextCommit, recheck))
        {
            await _reading.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Stale(nextCommit, recheck))
                {
                    await ReadAsync(nextCommit, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _reading.Release();
            }
        }

        lock (_lock)
        {
            var first = _frames.BinarySearch(new Frame(from, ""), Comparer<Frame>.Create((a, b) => a.Position.CompareTo(b.Position)));
            var index = first >= 0 ? first + 1 : ~first;
            return _frames.GetRange(index, Math.Min(limit, _frames.Count - index));
        }
    }

    public void Dispose() => _reading.Dispose();

    /// <summary>Builds the frame of one event: <c>id</c> its position, <c>event</c> its type, <c>data</c> it as JSON.</summary>
    public string FrameOf(LoggedEvent logged) => string.Create(CultureInfo.InvariantCulture,
        $"id: {logged.Position}\nevent: {logged.Type}\ndata: {JsonSerializer.Serialize(Contracts.EventResponse.From(logged), json.Value.SerializerOptions)}\n\n");

    private bool Stale(Task nextCommit, TimeSpan recheck)
    {
        lock (_lock)
        {
            return _readBefore != nextCommit || DateTimeOffset.UtcNow - _readAt >= recheck;
        }
    }

    private async Task ReadAsync(Task nextCommit, CancellationToken cancellationToken)
    {
        var readAt = DateTimeOffset.UtcNow;
        long end;
        lock (_lock)
        {
            end = _end;
        }

        var read = new List<Frame>();
        while (true)
        {
            var page = await log.ReadAsync(end, EventEndpoints.MaxLimit, cancellationToken).ConfigureAwait(false);
            read.AddRange(page.Select(logged => new Frame(logged.Position, FrameOf(logged))));
            end = page.Count > 0 ? page[^1].Position : end;
            if (page.Count < EventEndpoints.MaxLimit)
            {
                break;
            }
        }

        lock (_lock)
        {
            _frames.AddRange(read);
            _end = end;
            if (_frames.Count > Capacity)
            {
                _start = _frames[_frames.Count - Capacity - 1].Position;
                _frames.RemoveRange(0, _frames.Count - Capacity);
            }

            _readBefore = nextCommit;
            _readAt = readAt;
        }
    }
}
