using System.Globalization;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain.Events;

namespace Allocation.Application.Handlers;

/// <summary>
/// Tells people when a SKU runs out: once per out-of-stock episode (the reference mails once per
/// refused request). An episode opens when the mail has been sent, and closes when the SKU's
/// available stock goes up: a batch added, a batch's quantity raised, or a line released. A
/// quantity decrease, and the lines it takes back, close nothing. Episodes are kept in
/// <see cref="IOutOfStockNotices"/>, not read back from the log, so retention does not change who is
/// told, and a mail that was never sent (parked) does not count. It runs as subscriber
/// <see cref="SubscriberName"/>, so it is at least once: a crash between sending and recording
/// sends that mail again.
/// </summary>
/// <param name="notices">The open episodes.</param>
/// <param name="notifications">Where it sends.</param>
/// <param name="time">The clock for when a notice was sent; the system clock when none is registered.</param>
public sealed class OutOfStockNotifier(IOutOfStockNotices notices, INotifications notifications, TimeProvider? time = null)
    : IEventHandler<OutOfStock>, IEventHandler<BatchAdded>, IEventHandler<BatchQuantityChanged>, IEventHandler<Deallocated>
{
    /// <summary>The subscriber it runs as.</summary>
    public const string SubscriberName = "out-of-stock-notifier";

    /// <inheritdoc />
    public async Task HandleAsync(OutOfStock domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (await notices.IsOpenAsync(domainEvent.Sku, cancellationToken).ConfigureAwait(false))
        {
            return; // told already, and nothing has restocked it since
        }

        var when = context.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        await notifications.SendAsync(
            $"Out of stock for {domainEvent.Sku}",
            $"Out of stock for {domainEvent.Sku}\n\nA line of {domainEvent.Sku} could not be allocated at {when} (event {context.Position}). " +
            "You will not be told again until stock for it is added or freed.",
            cancellationToken).ConfigureAwait(false);
        await notices.OpenAsync(domainEvent.Sku, context.Position, (time ?? TimeProvider.System).GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task HandleAsync(BatchAdded domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return domainEvent.PurchasedQuantity > 0 ? RestockedAsync(domainEvent.Sku, cancellationToken) : Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task HandleAsync(BatchQuantityChanged domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return domainEvent.NewQuantity > domainEvent.PreviousQuantity ? RestockedAsync(domainEvent.Sku, cancellationToken) : Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task HandleAsync(Deallocated domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return domainEvent.TakenBack ? Task.CompletedTask : RestockedAsync(domainEvent.Sku, cancellationToken);
    }

    private async Task RestockedAsync(string sku, CancellationToken cancellationToken)
    {
        if (await notices.IsOpenAsync(sku, cancellationToken).ConfigureAwait(false))
        {
            await notices.CloseAsync(sku, cancellationToken).ConfigureAwait(false);
        }
    }
}
