using System.Globalization;
using System.Text;
using System.Text.Json;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Options;

namespace Allocation.Host.Endpoints;

/// <summary>
/// The tail of the event log, read by one loop for every stream of this host and kept as
/// ready-made server-sent event frames, encoded once (the newest <see cref="Capacity"/>). A stream
/// that has caught up becomes a <see cref="FeedFollower"/>: the loop writes each new frame, and the
/// heartbeat, into every follower's response itself. With a thousand streams open, a commit costs
/// one read, one serialisation and a thousand buffered writes, and no stream wakes, sets a timer or
/// queues a work item; a request committing meanwhile is not queued behind the fan-out.
/// The loop follows the log with an <see cref="EventLogFollower"/>: it reads on each commit of this
/// process and at least every <see cref="EventEndpoints.Recheck"/> (commits of other hosts), as <see cref="IEventLog.ReadAsync"/> does: in commit order, never past
/// a writer still running, so every frame after the tail's start is there, once.
/// </summary>
internal sealed partial class FeedTail(
    IEventLog log, EventLogSignal signal, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    IOptions<FeedOptions> feed, IHostApplicationLifetime lifetime, ILogger<FeedTail> logger)
{
    public const int Capacity = 10_000;

    /// <summary>How long the loop waits after a commit before it reads and writes, gathering the commits that follow.</summary>
    internal static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(5);

    private static readonly IComparer<Frame> ByPosition = Comparer<Frame>.Create((a, b) => a.Position.CompareTo(b.Position));
    private readonly Lock _lock = new();
    private readonly List<Frame> _frames = [];
    private readonly List<FeedFollower> _followers = [];
    private TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _start = -1;
    private long _end = -1;

    /// <summary>An event as a server-sent event frame, encoded once for every stream that writes it.</summary>
    public readonly record struct Frame(long Position, ReadOnlyMemory<byte> Utf8);

    /// <summary>
    /// Hands a stream that has written everything up to <paramref name="from"/> to the loop;
    /// <see langword="null"/> when <paramref name="from"/> lies before the frames the tail holds,
    /// and the stream must read the log itself. The first call starts the tail where it stands.
    /// </summary>
    public FeedFollower? Follow(System.IO.Pipelines.PipeWriter writer, long from)
    {
        lock (_lock)
        {
            if (_start < 0)
            {
                _start = _end = from; // the first caller has just read everything after from itself
                _ = Task.Run(() => FollowAsync(lifetime.ApplicationStopping));
            }
            else if (from < _start)
            {
                return null;
            }

            var follower = new FeedFollower(writer, from);
            _followers.Add(follower);
            Interlocked.Exchange(ref _joined, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return follower;
        }
    }

    /// <summary>Takes a follower off the loop (its request ends), once nothing is being written to it.</summary>
    public async Task UnfollowAsync(FeedFollower follower)
    {
        lock (_lock)
        {
            _followers.Remove(follower);
        }

        await follower.LeaveAsync().ConfigureAwait(false);
    }

    /// <summary>Builds the frame of one event: <c>id</c> its position, <c>event</c> its type, <c>data</c> it as JSON.</summary>
    public Frame FrameOf(LoggedEvent logged) => new(logged.Position, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"id: {logged.Position}\nevent: {logged.Type}\ndata: {JsonSerializer.Serialize(Contracts.EventResponse.From(logged), json.Value.SerializerOptions)}\n\n")));

    private async Task FollowAsync(CancellationToken stopping)
    {
        var heartbeat = feed.Value.FeedHeartbeat;
        var follower = new EventLogFollower(log, signal, EventEndpoints.Recheck);
        while (!stopping.IsCancellationRequested)
        {
            var joined = Volatile.Read(ref _joined).Task;
            try
            {
                await ReadAsync(follower, stopping).ConfigureAwait(false);
                WriteToFollowers(heartbeat);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                LogFollowFailed(logger, e); // the followers wait; the next commit or recheck tries again
            }

            if (await follower.WaitAsync(EventEndpoints.Recheck, joined, stopping).ConfigureAwait(false))
            {
                // Let the committing request answer first, and gather the commits that follow it:
                // the fan-out then neither delays that answer nor runs once per commit under load.
                await Task.Delay(Gather, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        lock (_lock)
        {
            _followers.ForEach(follower => follower.End());
        }
    }

    /// <summary>Writes each follower the frames after its position, or its heartbeat; ends those that fell behind the tail.</summary>
    private void WriteToFollowers(TimeSpan heartbeat)
    {
        FeedFollower[] followers;
        lock (_lock)
        {
            followers = [.. _followers];
        }

        var after = new Dictionary<long, IReadOnlyList<Frame>>(); // caught-up streams share one position: one slice each round
        foreach (var follower in followers)
        {
            IReadOnlyList<Frame> frames;
            lock (_lock)
            {
                if (follower.Position < _start)
                {
                    follower.End(); // fell behind what the tail holds: its stream reads the log itself, or closes if stuck
                    continue;
                }

                if (follower.IsBusy)
                {
                    continue; // still sending: it catches up on a later round
                }

                if (!after.TryGetValue(follower.Position, out frames!))
                {
                    var first = _frames.BinarySearch(new Frame(follower.Position, default), ByPosition);
                    var index = first >= 0 ? first + 1 : ~first;
                    frames = index == _frames.Count ? [] : _frames.GetRange(index, Math.Min(EventEndpoints.MaxLimit, _frames.Count - index));
                    after[follower.Position] = frames;
                }
            }

            follower.Write(frames, heartbeat);
        }
    }

    /// <summary>Appends what was committed after the tail's end.</summary>
    private async Task ReadAsync(EventLogFollower follower, CancellationToken cancellationToken)
    {
        long end;
        lock (_lock)
        {
            end = _end;
        }

        var read = new List<Frame>();
        while (true)
        {
            var page = await follower.ReadAsync(end, EventEndpoints.MaxLimit, cancellationToken).ConfigureAwait(false);
            read.AddRange(page.Select(FrameOf));
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
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the event log's tail for the event streams, or writing it to them, failed; trying again at the next commit")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception);
}
