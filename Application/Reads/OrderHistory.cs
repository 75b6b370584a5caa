using Allocation.Application.Events;

namespace Allocation.Application.Reads;

/// <summary>An order as it stands, and what the event log says happened to its lines.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Lines">Its allocated lines, in the order they were allocated.</param>
/// <param name="Events">The log's events about its lines (allocated, deallocated, lost), in log order; retention may have trimmed older ones.</param>
public sealed record OrderHistory(string OrderId, IReadOnlyList<OrderLineView> Lines, IReadOnlyList<LoggedEvent> Events);

/// <summary>One allocated line of an order.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Quantity">Units allocated.</param>
/// <param name="BatchReference">The batch holding them.</param>
/// <param name="Eta">The batch's ETA; <see langword="null"/> for warehouse stock.</param>
public sealed record OrderLineView(string Sku, int Quantity, string BatchReference, DateOnly? Eta);
