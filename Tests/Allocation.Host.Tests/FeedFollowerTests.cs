using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Allocation.Host.Endpoints;

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
