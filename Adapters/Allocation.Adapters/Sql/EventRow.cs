using Allocation.Application.Events;

namespace Allocation.Adapters.Sql;

/// <summary>An <c>event_log</c> row as Dapper reads it (<c>position AS Position, type AS Type, …</c>).</summary>
internal sealed class EventRow
{
    public long Position { get; init; }

    public string Type { get; init; } = "";

    public string Sku { get; init; } = "";

    public string Data { get; init; } = "";

    public object OccurredAt { get; init; } = "";

    public LoggedEvent ToEvent(SqlEngine engine) => new(Position, Type, Sku, engine.ReadTimestamp(OccurredAt), Data);
}
