using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain.Events;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Allocation.Application.Tests;

/// <summary>One mail per out-of-stock episode: an episode ends only when the SKU's available stock goes up.</summary>
public sealed class OutOfStockNotifierTests
{
    private static readonly EventContext Context = new(OutOfStockNotifier.SubscriberName, 1, DateTimeOffset.UnixEpoch, 1, null!);

    private INotifications _mail = null!;
    private Episodes _episodes = null!;
    private OutOfStockNotifier _notifier = null!;

    [SetUp]
    public void NewNotifier()
    {
        _mail = Substitute.For<INotifications>();
        _episodes = new Episodes();
        _notifier = new OutOfStockNotifier(_episodes, _mail);
    }

    [Test]
    public async Task Mails_when_a_sku_runs_out_and_not_again_until_its_stock_goes_up()
    {
        await _notifier.HandleAsync(new OutOfStock("LAMP"), Context, default);
        await _notifier.HandleAsync(new OutOfStock("LAMP"), Context, default);
        await _notifier.HandleAsync(new OutOfStock("CHAIR"), Context, default);

        await _mail.Received(1).SendAsync("Out of stock for LAMP", Arg.Any<string>(), Arg.Any<CancellationToken>());
        await _mail.Received(1).SendAsync("Out of stock for CHAIR", Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [TestCase("a batch added", true)]
    [TestCase("an empty batch added", false)]
    [TestCase("a quantity raised", true)]
    [TestCase("a quantity lowered", false)]
    [TestCase("a line released", true)]
    [TestCase("a line taken back by a decrease", false)]
    public async Task Only_stock_going_up_ends_an_episode(string change, bool restocks)
    {
        await _notifier.HandleAsync(new OutOfStock("LAMP"), Context, default);

        await (change switch
        {
            "a batch added" => _notifier.HandleAsync(new BatchAdded("b2", "LAMP", 5, null), Context, default),
            "an empty batch added" => _notifier.HandleAsync(new BatchAdded("b2", "LAMP", 0, null), Context, default),
            "a quantity raised" => _notifier.HandleAsync(new BatchQuantityChanged("b1", "LAMP", 5, 8), Context, default),
            "a quantity lowered" => _notifier.HandleAsync(new BatchQuantityChanged("b1", "LAMP", 8, 5), Context, default),
            "a line released" => _notifier.HandleAsync(new Deallocated("o1", "LAMP", 2, "b1"), Context, default),
            _ => _notifier.HandleAsync(new Deallocated("o1", "LAMP", 2, "b1", TakenBack: true), Context, default),
        });
        await _notifier.HandleAsync(new OutOfStock("LAMP"), Context, default);

        await _mail.Received(restocks ? 2 : 1).SendAsync("Out of stock for LAMP", Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Test]
    public async Task A_mail_that_failed_does_not_count_as_sent()
    {
        _mail.SendAsync(default!, default!, default).ReturnsForAnyArgs(Task.FromException(new IOException("refused")), Task.CompletedTask);

        var first = () => _notifier.HandleAsync(new OutOfStock("LAMP"), Context, default);
        await first.Should().ThrowAsync<IOException>(); // retried, then parked by the subscriber loop
        await _notifier.HandleAsync(new OutOfStock("LAMP"), Context, default);

        await _mail.Received(2).SendAsync("Out of stock for LAMP", Arg.Any<string>(), Arg.Any<CancellationToken>());
        _episodes.Open.Should().Equal("LAMP");
    }

    /// <summary>Open episodes, by SKU.</summary>
    private sealed class Episodes : IOutOfStockNotices
    {
        public SortedSet<string> Open { get; } = new(StringComparer.Ordinal);

        public Task<bool> IsOpenAsync(string sku, CancellationToken cancellationToken = default) => Task.FromResult(Open.Contains(sku));

        public Task OpenAsync(string sku, long position, DateTimeOffset notifiedAt, CancellationToken cancellationToken = default) =>
            Task.FromResult(Open.Add(sku));

        public Task CloseAsync(string sku, CancellationToken cancellationToken = default) => Task.FromResult(Open.Remove(sku));
    }
}
