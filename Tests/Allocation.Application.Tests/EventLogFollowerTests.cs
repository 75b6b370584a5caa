using Allocation.Application.Events;
using Allocation.Application.Ports;
using NSubstitute;

namespace Allocation.Application.Tests;

/// <summary>The one read-then-wait loop every reader of the log follows it with.</summary>
public sealed class EventLogFollowerTests
{
    private readonly IEventLog _log = Substitute.For<IEventLog>();
    private readonly EventLogSignal _signal = new();

    [Test]
    public async Task A_commit_after_the_read_ends_the_wait_at_once()
    {
        var follower = new EventLogFollower(_log, _signal, TimeSpan.FromSeconds(30));
        await follower.ReadAsync(0, 10);
        _signal.Notify();

        (await follower.WaitAsync(TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(5))).Should().BeTrue();
    }

    [Test]
    public async Task A_commit_that_ended_one_wait_does_not_end_the_next_when_nothing_was_read_between()
    {
        // A subscriber whose lease another process holds waits without reading: it must not spin.
        var follower = new EventLogFollower(_log, _signal, TimeSpan.FromSeconds(30));
        await follower.ReadAsync(0, 10);
        _signal.Notify();
        await follower.WaitAsync(TimeSpan.FromSeconds(30));

        var woken = await follower.WaitAsync(TimeSpan.FromSeconds(30));

        woken.Should().BeFalse("no commit came after the first wait: the second times out (after the quick retry)");
    }

    [Test]
    public async Task Next_answers_the_first_events_to_commit_within_the_wait()
    {
        LoggedEvent allocated = new(7, "Allocated", "LAMP", DateTimeOffset.UnixEpoch, "{}");
        _log.ReadAsync(0, 10, Arg.Any<CancellationToken>()).Returns([], [allocated]);
        var follower = new EventLogFollower(_log, _signal, TimeSpan.FromSeconds(30));

        var next = follower.NextAsync(0, 10, TimeSpan.FromSeconds(30));
        _signal.Notify();

        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Should().Equal(allocated);
    }

    [Test]
    public async Task Next_answers_nothing_when_nothing_commits_within_the_wait()
    {
        _log.ReadAsync(0, 10, Arg.Any<CancellationToken>()).Returns([]);
        var follower = new EventLogFollower(_log, _signal, TimeSpan.FromMilliseconds(20));

        (await follower.NextAsync(0, 10, TimeSpan.FromMilliseconds(100))).Should().BeEmpty();
        await _log.Received().ReadAsync(0, 10, Arg.Any<CancellationToken>());
    }
}
