using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using Allocation.Domain.Errors;
using System.Collections.Concurrent;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Adapters.Tests;

/// <summary>Out-of-stock notifications: once per episode, until stock for the SKU is added or freed again.</summary>
public abstract partial class StoreContract
{
    [Test]
    public async Task Tells_once_per_sku_that_it_ran_out_until_stock_is_added_or_freed()
    {
        var sent = new Recorder();
        await using var provider = Provider(a => a.NotifyOutOfStock(), services: s => s.AddSingleton<INotifications>(sent));
        var dispatcher = provider.GetRequiredService<EventDispatcher>();
        await dispatcher.DispatchPendingAsync(); // the mail runs from the start, as in a host: it is placed on an empty log
        await Service.AddBatchAsync("b1", "CURTAINS", 9, null);
        await Service.AddBatchAsync("c1", "CHAIR", 1, null);

        await RefuseAsync("o1", "CURTAINS", 10);
        await RefuseAsync("o2", "CURTAINS", 10);
        await RefuseAsync("o3", "CHAIR", 2);
        await dispatcher.DispatchPendingAsync();
        var afterFirstRun = sent.Subjects.ToList();

        await RefuseAsync("o4", "CURTAINS", 10);
        await Service.AddBatchAsync("b2", "CURTAINS", 1, null); // stock added
        await RefuseAsync("o5", "CURTAINS", 11);
        await RefuseAsync("o6", "CURTAINS", 11);
        await Service.AllocateAsync("o7", "CURTAINS", 5);
        await Service.DeallocateAsync("o7", "CURTAINS"); // stock freed
        await RefuseAsync("o8", "CURTAINS", 11);
        await dispatcher.DispatchPendingAsync();

        afterFirstRun.Should().Equal("Out of stock for CURTAINS", "Out of stock for CHAIR");
        sent.Subjects.Should().Equal("Out of stock for CURTAINS", "Out of stock for CHAIR", "Out of stock for CURTAINS", "Out of stock for CURTAINS");
        sent.Bodies.Should().AllSatisfy(body => body.Should().StartWith("Out of stock for "));
    }

    [Test]
    public async Task A_decrease_and_the_lines_it_takes_back_are_not_a_restock_and_a_release_is()
    {
        var sent = new Recorder();
        await using var provider = Provider(a => a.NotifyOutOfStock(), services: s => s.AddSingleton<INotifications>(sent));
        var dispatcher = provider.GetRequiredService<EventDispatcher>();
        await dispatcher.DispatchPendingAsync();
        await Service.AddBatchAsync("b1", "LAMP", 10, null);
        await Service.AllocateAsync("o1", "LAMP", 6);
        await RefuseAsync("o2", "LAMP", 5); // mailed
        await Service.ChangeBatchQuantityAsync("b1", 8); // a decrease: nothing taken back
        await Service.ChangeBatchQuantityAsync("b1", 5); // a decrease that takes o1 back and loses it
        await RefuseAsync("o3", "LAMP", 6);
        await dispatcher.DispatchPendingAsync();
        var afterDecreases = sent.Subjects.Count();

        await Service.AllocateAsync("o4", "LAMP", 5);
        await Service.DeallocateAsync("o4", "LAMP"); // a release frees stock
        await RefuseAsync("o5", "LAMP", 6);
        await dispatcher.DispatchPendingAsync();

        afterDecreases.Should().Be(1, "no stock was added or freed: the lost line's out-of-stock belongs to the same episode");
        sent.Subjects.Should().HaveCount(2);
    }

    [Test]
    public async Task Retention_does_not_change_who_is_told_and_a_mail_never_sent_does_not_count()
    {
        var sent = new Recorder { FailFirst = 1 };
        await using var provider = Provider(a => a.NotifyOutOfStock(), o => o.MaxAttempts = 1, s => s.AddSingleton<INotifications>(sent));
        var dispatcher = provider.GetRequiredService<EventDispatcher>();
        await dispatcher.DispatchPendingAsync();
        await Service.AddBatchAsync("b1", "LAMP", 1, null);
        await RefuseAsync("o1", "LAMP", 2); // its mail fails and is parked
        await dispatcher.DispatchPendingAsync();
        await RefuseAsync("o2", "LAMP", 2); // so this one is mailed
        await dispatcher.DispatchPendingAsync();
        var newest = await Store.Events.NewestPositionAsync();
        while (await Store.Events.TrimAsync(DateTimeOffset.MaxValue, newest, 1000) > 0)
        {
            // the whole log but its newest event is past retention
        }

        await RefuseAsync("o3", "LAMP", 2);
        await dispatcher.DispatchPendingAsync();

        (await Store.Subscriptions.ParkedAsync(OutOfStockNotifier.SubscriberName)).Should().ContainSingle();
        sent.Subjects.Should().Equal(["Out of stock for LAMP"], "the parked mail was not sent, and trimming the log opened no new episode");
    }

    [Test]
    public async Task Keeps_an_episode_per_sku_until_it_is_closed()
    {
        var notices = Store.Notices;

        (await notices.IsOpenAsync("LAMP")).Should().BeFalse();
        await notices.OpenAsync("LAMP", 7, Noon);
        await notices.OpenAsync("LAMP", 9, Noon.AddMinutes(1)); // told again: still one episode
        (await notices.IsOpenAsync("LAMP")).Should().BeTrue();
        (await notices.IsOpenAsync("lamp")).Should().BeFalse("SKUs are exact");
        await notices.CloseAsync("LAMP");
        await notices.CloseAsync("LAMP");
        (await notices.IsOpenAsync("LAMP")).Should().BeFalse();
    }

    private async Task RefuseAsync(string orderId, string sku, int quantity)
    {
        var act = () => Service.AllocateAsync(orderId, sku, quantity);
        await act.Should().ThrowAsync<OutOfStockException>();
    }

    private sealed class Recorder : INotifications
    {
        private readonly ConcurrentQueue<(string Subject, string Body)> _sent = new();

        /// <summary>How many sends fail before the first one goes through.</summary>
        public int FailFirst { get; set; }

        public IEnumerable<string> Subjects => _sent.Select(m => m.Subject);

        public IEnumerable<string> Bodies => _sent.Select(m => m.Body);

        public Task SendAsync(string subject, string body, CancellationToken cancellationToken = default)
        {
            if (FailFirst-- > 0)
            {
                throw new IOException("the mail server refused");
            }

            _sent.Enqueue((subject, body));
            return Task.CompletedTask;
        }
    }
}
