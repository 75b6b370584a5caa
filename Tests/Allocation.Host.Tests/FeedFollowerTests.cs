using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Host.Endpoints;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Allocation.Host.Tests;

/// <summary>
/// A caught-up stream as the tail's loop writes it, over a real pipe whose reader is the client: a
/// slow client is skipped while its flush is pending and catches up after, and a client that has
/// gone ends the stream.
/// </summary>
public sealed class FeedFollowerTests
{
    private static readonly TimeSpan NoHeartbeat = TimeSpan.FromHours(1);

    [Test]
    public async Task A_slow_client_is_skipped_while_its_flush_is_pending_then_gets_every_frame_in_order()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64, resumeWriterThreshold: 32, useSynchronizationContext: false));
        var follower = new FeedFollower(pipe.Writer, position: 0);

        follower.Write([Frame(1, new string('a', 100))], NoHeartbeat); // more than the pipe takes unread
        follower.IsBusy.Should().BeTrue("the client has not read");
        follower.Write([Frame(2, "id: 2\n\n")], NoHeartbeat);
        follower.Position.Should().Be(1, "a busy stream is skipped; the loop offers frame 2 again later");

        var first = await pipe.Reader.ReadAsync();
        pipe.Reader.AdvanceTo(first.Buffer.End);
        await WaitUntilAsync(() => !follower.IsBusy);
        follower.Write([Frame(2, "id: 2\n\n")], NoHeartbeat);
        var second = await pipe.Reader.ReadAsync();

        Encoding.UTF8.GetString(second.Buffer.ToArray()).Should().Be("id: 2\n\n");
        follower.Position.Should().Be(2);
        follower.Ended.IsCompleted.Should().BeFalse();
    }

    [Test]
    public async Task A_client_that_has_gone_ends_the_stream_and_a_quiet_one_gets_its_heartbeat()
    {
        var quiet = new Pipe();
        var follower = new FeedFollower(quiet.Writer, position: 5);
        follower.Write([], TimeSpan.Zero);
        var heartbeat = await quiet.Reader.ReadAsync();
        Encoding.UTF8.GetString(heartbeat.Buffer.ToArray()).Should().Be(": keep-alive\n\n");

        var gone = new Pipe();
        var left = new FeedFollower(gone.Writer, position: 5);
        await gone.Reader.CompleteAsync();
        left.Write([Frame(6, "x")], NoHeartbeat);
        left.Write([Frame(7, "y")], NoHeartbeat);

        left.Ended.IsCompleted.Should().BeTrue("the flush said the reader is done");
        await left.LeaveAsync();
    }

    [Test]
    public async Task Streams_that_fall_further_behind_than_the_tail_holds_are_handed_back_and_a_stuck_one_is_flagged_to_close()
    {
        var visible = 0L;
        var log = Substitute.For<IEventLog>(); // the port the tail reads: events 1..visible, a page at a time
        log.ReadAsync(Arg.Any<long>(), Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var after = call.ArgAt<long>(0);
            var count = (int)Math.Clamp(Volatile.Read(ref visible) - after, 0, call.ArgAt<int>(1));
            return Task.FromResult<IReadOnlyList<LoggedEvent>>(
                [.. Enumerable.Range(1, count).Select(i => new LoggedEvent(after + i, "OutOfStock", "LAMP", DateTimeOffset.UnixEpoch, """{"sku":"LAMP"}"""))]);
        });
        var signal = new EventLogSignal();
        using var stopping = new CancellationTokenSource();
        var lifetime = Substitute.For<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Returns(stopping.Token);
        var tail = new FeedTail(log, signal, Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()), Options.Create(new FeedOptions()),
            lifetime, NullLogger<FeedTail>.Instance);
        var stuck = new Pipe(new PipeOptions(pauseWriterThreshold: 64, resumeWriterThreshold: 32, useSynchronizationContext: false));
        var reading = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var slow = tail.Follow(stuck.Writer, 0)!;
        var fast = tail.Follow(reading.Writer, 0)!;

        Volatile.Write(ref visible, 1);
        signal.Notify();
        await WaitUntilAsync(() => slow.IsBusy && fast.Position == 1);
        Volatile.Write(ref visible, FeedTail.Capacity + 500);
        signal.Notify();

        await slow.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await fast.Ended.WaitAsync(TimeSpan.FromSeconds(10));

        slow.IsBusy.Should().BeTrue("its send is stuck: its stream closes the connection");
        fast.IsBusy.Should().BeFalse("its client reads: its stream replays from the log instead");
        fast.Position.Should().Be(1, "the tail now starts at {0}, after it", FeedTail.Capacity + 500 - FeedTail.Capacity);
        await stuck.Reader.CompleteAsync(); // what closing the connection does to a stuck send
        await tail.UnfollowAsync(slow);
        await tail.UnfollowAsync(fast);
        await stopping.CancelAsync();
    }

    private static FeedTail.Frame Frame(long position, string text) => new(position, Encoding.UTF8.GetBytes(text));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue();
    }
}
