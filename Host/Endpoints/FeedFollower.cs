using System.Buffers;
using System.IO.Pipelines;

namespace Allocation.Host.Endpoints;

/// <summary>
/// A stream that has caught up with the tail: from then on <see cref="FeedTail"/>'s loop writes its
/// frames and heartbeats straight into its response, so a commit costs no work item per stream.
/// Only the loop writes to it, under its lock; the stream's own request only waits for
/// <see cref="Ended"/> or its own end, then leaves through <see cref="LeaveAsync"/>.
/// </summary>
internal sealed class FeedFollower(PipeWriter writer, long position)
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _quietSince = DateTimeOffset.UtcNow;
    private Task<FlushResult>? _flushing;
    private bool _left;

    /// <summary>The position of the last frame written.</summary>
    public long Position { get; private set; } = position;

    /// <summary>
    /// Completes when the tail stops writing to this stream: its client went, the host stops, or it
    /// fell behind what the tail holds (its stream then reads the log from <see cref="Position"/>,
    /// or, with a send still stuck, closes the connection).
    /// </summary>
    public Task Ended => _ended.Task;

    /// <summary>Whether a flush is still sending: the loop skips the stream until it is done, and it catches up from <see cref="Position"/>.</summary>
    public bool IsBusy => _flushing is { IsCompleted: false };

    /// <summary>Writes <paramref name="frames"/> (or a heartbeat when there are none and <paramref name="heartbeat"/> passed) and starts the flush.</summary>
    public void Write(IReadOnlyList<FeedTail.Frame> frames, TimeSpan heartbeat)
    {
        lock (_lock)
        {
            if (_left || IsBusy || !Flushed())
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            if (frames.Count == 0 && now - _quietSince < heartbeat)
            {
                return;
            }

            try
            {
                if (frames.Count == 0)
                {
                    writer.Write(KeepAlive);
                }

                foreach (var frame in frames)
                {
                    writer.Write(frame.Utf8.Span);
                    Position = frame.Position;
                }

                _quietSince = now;
                var flush = writer.FlushAsync();
                _flushing = flush.IsCompleted ? Task.FromResult(flush.Result) : flush.AsTask();
                Flushed();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException)
            {
                End(); // the response is gone
            }
        }
    }

    /// <summary>Stops writing (the client went, it fell behind, or the host stops).</summary>
    public void End() => _ended.TrySetResult();

    /// <summary>Leaves the tail: no write starts after this, and one already sending is awaited.</summary>
    public async Task LeaveAsync()
    {
        Task? flushing;
        lock (_lock)
        {
            _left = true;
            flushing = _flushing;
        }

        if (flushing is not null)
        {
            await flushing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Whether the last flush left the response open; ends the follower when it did not.</summary>
    private bool Flushed()
    {
        if (_flushing is not { IsCompleted: true } done)
        {
            return true;
        }

        if (done.IsCompletedSuccessfully && done.Result is { IsCanceled: false, IsCompleted: false })
        {
            return true;
        }

        End();
        return false;
    }
}
