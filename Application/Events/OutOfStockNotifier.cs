using System.Globalization;
using Allocation.Application.Ports;
using Allocation.Domain.Events;

namespace Allocation.Application.Events;

/// <summary>
/// Tells people when a SKU runs out: once per SKU, until stock for it is added or freed again
/// (the reference mails once per refused request). It runs as subscriber <see cref="SubscriberName"/>,
/// so it is at least once: a crash between sending and the checkpoint sends that mail again.
/// </summary>
/// <param name="log">Where it looks back for the SKU's previous stock event.</param>
/// <param name="notifications">Where it sends.</param>
public sealed class OutOfStockNotifier(IEventLog log, INotifications notifications) : IEventHandler<OutOfStock>
{
    /// <summary>The subscriber it runs as.</summary>
    public const string SubscriberName = "out-of-stock-notifier";

    /// <inheritdoc />
    public async Task HandleAsync(OutOfStock domainEvent, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (await log.WasOutOfStockAsync(domainEvent.Sku, context.Position, cancellationToken).ConfigureAwait(false))
        {
            return; // told already, and nothing has restocked it since
        }

        var when = context.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        await notifications.SendAsync(
            $"Out of stock for {domainEvent.Sku}",
            $"Out of stock for {domainEvent.Sku}\n\nA line of {domainEvent.Sku} could not be allocated at {when} (event {context.Position}). " +
            "You will not be told again until stock for it is added or freed.",
            cancellationToken).ConfigureAwait(false);
    }
}
