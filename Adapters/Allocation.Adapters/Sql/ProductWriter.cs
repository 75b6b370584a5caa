using Allocation.Adapters.Tracking;
using Allocation.Domain.Events;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Turns what the products' events say into the statements of one commit:
/// <list type="number">
/// <item>where the engine takes positions up front, the commit's event positions, before anything is written (ADR 0015);</item>
/// <item>each product's version check, so a stale unit of work fails before it writes anything else;</item>
/// <item>new batches, then the final quantities of the batches the events touched;</item>
/// <item>the order lines, deleted and inserted in event order;</item>
/// <item>every event, as a row of the event log;</item>
/// <item>the inbox row of each message the unit of work handled.</item>
/// </list>
/// Batch totals are written before the allocation rows that reference them: the transaction then
/// holds the batch row's update lock before the foreign-key check asks for a share lock on it,
/// rather than the reverse (which, with concurrent optimistic writers, made PostgreSQL 15 fail with
/// "new multixact has more than one updating member"). Built by its <see cref="SqlEngine"/>, with
/// that engine's statements.
/// </summary>
/// <param name="insertEvent">Inserts one event-log row (<see cref="SqlEngine.InsertEvent"/>).</param>
/// <param name="takePositions">Takes the commit's positions first, or <see langword="null"/> (<see cref="SqlEngine.TakePositions"/>).</param>
/// <param name="timestamp">A UTC instant as the engine stores it.</param>
/// <param name="logEvents">Whether events are written to the log at all.</param>
internal sealed class ProductWriter(string insertEvent, string? takePositions, Func<DateTimeOffset, object> timestamp, bool logEvents)
{
    private const string InsertMessage =
        "INSERT INTO inbox (message_id, received_at) VALUES (@MessageId, @ReceivedAt) ON CONFLICT (message_id) DO NOTHING;";

    private const string InsertProduct = "INSERT INTO products (sku, version_number) VALUES (@Sku, @Next);";
    internal const string UpdateVersion = "UPDATE products SET version_number = @Next WHERE sku = @Sku AND version_number = @Expected;";
    private const string InsertBatch =
        "INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity, eta) VALUES (@Reference, @Sku, @Purchased, @Allocated, @Eta);";
    internal const string UpdateBatch = "UPDATE batches SET purchased_quantity = @Purchased, allocated_quantity = @Allocated WHERE reference = @Reference;";
    internal const string DeleteLine = "DELETE FROM allocations WHERE " + OrderLineKey.Where + ";";
    internal const string InsertLine =
        "INSERT INTO allocations (orderid, sku, quantity, batch_id) SELECT @OrderId, @Sku, @Quantity, id FROM batches WHERE reference = @Reference;";

    public List<SqlWrite> Writes(IReadOnlyList<ProductChange> changes, IEnumerable<string> messages, DateTimeOffset committedAt)
    {
        var writes = new List<SqlWrite>();
        var events = logEvents ? changes.Sum(change => change.Events.Count) : 0;
        if (events > 0 && takePositions is not null)
        {
            writes.Add(new SqlWrite(takePositions, Parameters(("Events", events))));
        }

        foreach (var change in changes)
        {
            AddProductWrites(writes, change);
        }

        var at = timestamp(committedAt);
        if (events > 0)
        {
            AddEvents(writes, changes, committedAt, at);
        }

        writes.AddRange(messages.Select(messageId => new SqlWrite(InsertMessage, Parameters(("MessageId", messageId), ("ReceivedAt", at)),
            ExpectedRows: 1, new WriteFailure(messageId, ExpectedVersion: null))));
        return writes;
    }

    private void AddEvents(List<SqlWrite> writes, IReadOnlyList<ProductChange> changes, DateTimeOffset committedAt, object occurredAt)
    {
        var clock = Micros(committedAt);
        var ordinal = 0;
        foreach (var domainEvent in changes.SelectMany(change => change.Events))
        {
            writes.Add(new SqlWrite(insertEvent, Parameters(
                ("Ordinal", ordinal++), ("Clock", clock), ("Type", EventPayload.TypeOf(domainEvent)), ("Sku", domainEvent.Sku),
                ("Data", EventPayload.Write(domainEvent)), ("OccurredAt", occurredAt))));
        }
    }

    private static void AddProductWrites(List<SqlWrite> writes, ProductChange change)
    {
        var product = change.Product;
        var sku = product.Sku;
        var failure = new WriteFailure(sku, change.LoadedVersion);
        if (change.IsNew)
        {
            writes.Add(new SqlWrite(InsertProduct, Parameters(("Sku", sku), ("Next", product.VersionNumber)), Failure: failure));
        }
        else if (change.StateChanged)
        {
            writes.Add(new SqlWrite(UpdateVersion, Parameters(("Sku", sku), ("Next", product.VersionNumber), ("Expected", change.LoadedVersion)),
                ExpectedRows: 1, failure));
        }

        foreach (var batch in change.AddedBatches)
        {
            writes.Add(new SqlWrite(InsertBatch, Parameters(("Reference", batch.Reference), ("Sku", sku), ("Purchased", batch.PurchasedQuantity),
                ("Allocated", batch.AllocatedQuantity), ("Eta", batch.Eta)), Failure: failure with { NewBatch = batch.Reference }));
        }

        foreach (var batch in change.UpdatedBatches)
        {
            writes.Add(new SqlWrite(UpdateBatch, Parameters(("Reference", batch.Reference), ("Purchased", batch.PurchasedQuantity),
                ("Allocated", batch.AllocatedQuantity)), ExpectedRows: 1, failure));
        }

        foreach (var domainEvent in change.Events)
        {
            switch (domainEvent)
            {
                case Deallocated line:
                    writes.Add(new SqlWrite(DeleteLine, Parameters(("OrderId", line.OrderId), ("Sku", sku)), ExpectedRows: 1, failure));
                    break;
                case Allocated line:
                    writes.Add(new SqlWrite(InsertLine, Parameters(("OrderId", line.OrderId), ("Sku", sku), ("Quantity", line.Quantity),
                        ("Reference", line.BatchReference)), ExpectedRows: 1, failure));
                    break;
            }
        }
    }

    /// <summary>Microseconds since 1970, the unit of positions (ADR 0015).</summary>
    internal static long Micros(DateTimeOffset instant) => (instant - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    private static Dictionary<string, object?> Parameters(params (string Name, object? Value)[] values)
    {
        var parameters = new Dictionary<string, object?>(values.Length, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            parameters[name] = value;
        }

        return parameters;
    }
}
