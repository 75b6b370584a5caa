using Allocation.Domain.Errors;
using System.Collections.Concurrent;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Adapters.Tests;

/// <summary>Out-of-stock notifications: once per SKU until stock for it is added or freed again.</summary>
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
    public async Task Knows_whether_a_sku_was_still_out_of_stock_before_a_position()
    {
        await Service.AddBatchAsync("b1", "LAMP", 1, null);
        await RefuseAsync("o1", "LAMP", 2);
        await RefuseAsync("o2", "LAMP", 2);
        await Service.ChangeBatchQuantityAsync("b1", 3);
        await RefuseAsync("o3", "LAMP", 4);

        var log = await ReadAllEventsAsync();
        var outOfStock = log.Where(e => e.Type == "OutOfStock").Select(e => e.Position).ToList();

        (await Store.Events.WasOutOfStockAsync("LAMP", outOfStock[0])).Should().BeFalse("it had stock before its first refusal");
        (await Store.Events.WasOutOfStockAsync("LAMP", outOfStock[1])).Should().BeTrue("nothing restocked it in between");
        (await Store.Events.WasOutOfStockAsync("LAMP", outOfStock[2])).Should().BeFalse("the batch grew in between");
        (await Store.Events.WasOutOfStockAsync("OTHER", long.MaxValue)).Should().BeFalse();
    }

    private async Task RefuseAsync(string orderId, string sku, int quantity)
    {
        var act = () => Service.AllocateAsync(orderId, sku, quantity);
        await act.Should().ThrowAsync<OutOfStockException>();
    }

    private sealed class Recorder : INotifications
    {
        private readonly ConcurrentQueue<(string Subject, string Body)> _sent = new();

        public IEnumerable<string> Subjects => _sent.Select(m => m.Subject);

        public IEnumerable<string> Bodies => _sent.Select(m => m.Body);

        public Task SendAsync(string subject, string body, CancellationToken cancellationToken = default)
        {
            _sent.Enqueue((subject, body));
            return Task.CompletedTask;
        }
    }
}
