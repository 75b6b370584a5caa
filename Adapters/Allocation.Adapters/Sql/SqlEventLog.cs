using Allocation.Application.Events;
using Allocation.Application.Ports;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>The event log of a SQL database: reads in position order up to what no running transaction can precede; trims in small chunks.</summary>
internal sealed class SqlEventLog(SqlDialect dialect) : IEventLog
{
    /// <summary>The stock events as SQL literals, exactly as the partial index <c>event_log_stock_by_sku</c> lists them.</summary>
    private static readonly string StockTypes = string.Join(", ", EventPayload.StockEventTypes.Select(type => $"'{type}'"));

    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var rows = await dialect.ReadAsync(connection => connection.QueryAsync<EventRow>(new CommandDefinition(
            "SELECT position AS Position, type AS Type, sku AS Sku, data AS Data, occurred_at AS OccurredAt FROM event_log " +
            $"WHERE position > @After AND {dialect.ReadableEvents} ORDER BY position LIMIT @Limit;",
            new { After = after, Limit = limit }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new LoggedEvent(row.Position, row.Type, row.Sku, dialect.ReadTimestamp(row.OccurredAt), row.Data))];
    }

    public Task<long> CountAfterAsync(long after, long max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        // A range of the primary key, cut off at max: the cost grows with the lag, and no further.
        return dialect.ReadAsync(connection => connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM (SELECT 1 FROM event_log WHERE position > @After LIMIT @Max) AS ahead;",
            new { After = after, Max = max }, cancellationToken: cancellationToken)), cancellationToken);
    }

    public async Task<long> NewestPositionAsync(CancellationToken cancellationToken = default) =>
        await dialect.ReadAsync(connection => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(position) FROM event_log;", cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false) ?? 0;

    public async Task<bool> WasOutOfStockAsync(string sku, long before, CancellationToken cancellationToken = default)
    {
        var type = await dialect.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            $"SELECT type FROM event_log WHERE sku = @Sku AND position < @Before AND type IN ({StockTypes}) ORDER BY position DESC LIMIT 1;",
            new { Sku = sku, Before = before }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return type == nameof(Domain.Events.OutOfStock);
    }

    public Task<int> TrimAsync(DateTimeOffset before, long upTo, int max, CancellationToken cancellationToken = default) =>
        // Deletes only old rows, by primary key, a short chunk at a time: writers insert other rows and do not wait on these.
        // The newest row always stays, so that SQLite never hands its position out again.
        dialect.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM event_log WHERE position IN (SELECT position FROM event_log " +
            "WHERE position <= @UpTo AND occurred_at < @Before AND position < (SELECT MAX(position) FROM event_log) ORDER BY position LIMIT @Max);",
            new { Before = dialect.Timestamp(before), UpTo = upTo, Max = max }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    private sealed class EventRow
    {
        public long Position { get; init; }

        public string Type { get; init; } = "";

        public string Sku { get; init; } = "";

        public string Data { get; init; } = "";

        public object OccurredAt { get; init; } = "";
    }
}
