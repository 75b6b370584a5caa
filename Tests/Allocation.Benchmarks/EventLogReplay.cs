using Allocation.Domain.Events;

namespace Allocation.Benchmarks;

/// <summary>What a replay of the event log found against the database.</summary>
/// <param name="Events">Events replayed so far, the whole log in position order.</param>
/// <param name="Lines">The run's lines in the database, each compared with the replay.</param>
/// <param name="Disagreements">Lines or batches where the replay and the database differ.</param>
/// <param name="OutOfOrder">Events that cannot follow what came before them for their SKU: a line allocated twice or before its batch, a
/// line deallocated that was not allocated, a batch added twice, or a quantity change from a quantity the batch did not have.</param>
internal sealed record ReplayCheck(long Events, long Lines, long Disagreements, long OutOfOrder)
{
    public bool Ok => Disagreements == 0 && OutOfOrder == 0;

    public override string ToString() => Ok
        ? $"{Events:N0} events replayed"
        : $"replay FAILED: {Disagreements:N0} disagreements, {OutOfOrder:N0} events out of order ({Events:N0} replayed)";
}

/// <summary>
/// Rebuilds every SKU's batches and lines from the event log alone, in position order, as a consumer
/// building its own state would, and compares them with the tables: issue 26's per-SKU replay. One
/// replay follows one database through the whole benchmark, reading each event once. Lines the
/// floor and the history scenario write in raw SQL have no events, so only a run's own lines are compared.
/// </summary>
internal sealed class EventLogReplay
{
    private readonly Dictionary<string, int> _purchased = new(StringComparer.Ordinal);
    private readonly Dictionary<(string OrderId, string Sku), (string Batch, int Quantity)> _lines = [];
    private long _after;
    private long _events;
    private long _outOfOrder;

    /// <summary>Replays the events logged since the last check (the first check replays the whole log), then compares the run's lines.</summary>
    public async Task<ReplayCheck> CheckAsync(RawSql sql, string orderPrefix)
    {
        await foreach (var (position, type, data) in sql.EventLogAsync(_after))
        {
            _after = position;
            Apply(EventPayload.Read(type, data));
        }

        long lines = 0, matched = 0, disagreements = 0;
        await foreach (var (orderId, sku, batch, quantity) in sql.LinesAsync(orderPrefix))
        {
            lines++;
            matched += _lines.TryGetValue((orderId, sku), out var line) && line == (batch, quantity) ? 1 : 0;
        }

        // Lines in the table the log does not hold as they are, and lines the log holds that the table lacks.
        var replayed = _lines.Keys.Count(key => key.OrderId.StartsWith(orderPrefix, StringComparison.Ordinal));
        disagreements += lines - matched + (replayed - matched);
        await foreach (var (batch, purchased) in sql.BatchesAsync())
        {
            disagreements += _purchased.TryGetValue(batch, out var quantity) && quantity == purchased ? 0 : 1;
        }

        return new ReplayCheck(_events, lines, disagreements, _outOfOrder);
    }

    private void Apply(IDomainEvent? domainEvent)
    {
        _events++;
        _outOfOrder += FollowsFromBefore(domainEvent) ? 0 : 1;
    }

    private bool FollowsFromBefore(IDomainEvent? domainEvent)
    {
        switch (domainEvent)
        {
            case BatchAdded added:
                return _purchased.TryAdd(added.Reference, added.PurchasedQuantity);
            case BatchQuantityChanged changed:
                if (!_purchased.TryGetValue(changed.Reference, out var had) || had != changed.PreviousQuantity)
                {
                    return false;
                }

                _purchased[changed.Reference] = changed.NewQuantity;
                return true;
            case Allocated allocated:
                return _purchased.ContainsKey(allocated.BatchReference)
                    && _lines.TryAdd((allocated.OrderId, allocated.Sku), (allocated.BatchReference, allocated.Quantity));
            case Deallocated freed:
                return _lines.TryGetValue((freed.OrderId, freed.Sku), out var line) && line.Batch == freed.BatchReference
                    && _lines.Remove((freed.OrderId, freed.Sku));
            default:
                return true; // OutOfStock and AllocationLost change no line
        }
    }
}
