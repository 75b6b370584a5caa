using Allocation.Application.Errors;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>The event log of a SQL database: reads in position order up to what no running transaction can precede; trims in small chunks.</summary>
internal sealed class SqlEventLog(SqlEngine engine) : IEventLog
{
    /// <summary>The stock events as SQL literals, exactly as the partial index <c>event_log_stock_by_sku</c> lists them.</summary>

    public async Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // One round trip. The trim mark is read after the events, so a trim that deleted any of them
        // meanwhile is seen; each statement reads its own, later, snapshot.
        var (rows, trimmed) = await engine.ReadAsync(async connection =>
        {
            using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                "SELECT position AS Position, type AS Type, sku AS Sku, data AS Data, occurred_at AS OccurredAt FROM event_log " +
                $"WHERE position > @After AND {engine.ReadableEvents} ORDER BY position LIMIT @Limit; " +
                "SELECT through AS Through, (SELECT MIN(position) FROM event_log) AS OldestKept FROM event_log_trimmed;",
                new { After = after, Limit = limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var events = (await results.ReadAsync<EventRow>().ConfigureAwait(false)).ToList();
            return (events, await results.ReadSingleAsync<TrimRow>().ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);
        if (after > 0 && after < trimmed.Through)
        {
            throw new EventsTrimmedException(after, trimmed.Through, trimmed.OldestKept);
        }

        return [.. rows.Select(row => row.ToEvent(engine))];
    }

    public async Task<EventLag> LagAsync(long after, long max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        // A range of the primary key, cut off at max: the cost grows with the lag, and no further.
        // Rows held back behind a running transaction count: they are committed, only not yet readable.
        var lag = await engine.ReadAsync(connection => connection.QuerySingleAsync<LagRow>(new CommandDefinition(
            "SELECT COUNT(*) AS Events, MIN(occurred_at) AS Oldest, (SELECT through FROM event_log_trimmed) AS TrimmedThrough FROM " +
            "(SELECT occurred_at FROM event_log WHERE position > @After ORDER BY position LIMIT @Max) AS ahead;",
            new { After = after, Max = max }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return new EventLag(lag.Events, lag.Oldest is null ? null : engine.ReadTimestamp(lag.Oldest), after > 0 && after < lag.TrimmedThrough ? lag.TrimmedThrough : null);
    }

    public async Task<TimeSpan> HoldBackAsync(CancellationToken cancellationToken = default)
    {
        if (engine.HoldBackSeconds is not { } query)
        {
            return TimeSpan.Zero;
        }

        var seconds = await engine.ReadAsync(connection => connection.ExecuteScalarAsync<double?>(new CommandDefinition(
            query, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return seconds is > 0 ? TimeSpan.FromSeconds(seconds.Value) : TimeSpan.Zero;
    }

    public async Task<long> NewestPositionAsync(CancellationToken cancellationToken = default) =>
        await engine.ReadAsync(connection => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(position) FROM event_log;", cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false) ?? 0;

    public Task<int> TrimAsync(DateTimeOffset before, long upTo, int max, CancellationToken cancellationToken = default) =>
        // Deletes only old rows, by primary key, a short chunk at a time: writers insert other rows and do not wait on these.
        // The newest row always stays, so that SQLite never hands its position out again. The newest
        // position deleted is remembered in the same transaction, for readers to check their cursor against.
        engine.WriteAsync(async (connection, transaction) =>
        {
            var deleted = (await connection.QueryAsync<long>(new CommandDefinition(
                "DELETE FROM event_log WHERE position IN (SELECT position FROM event_log " +
                "WHERE position <= @UpTo AND occurred_at < @Before AND position < (SELECT MAX(position) FROM event_log) ORDER BY position LIMIT @Max) " +
                "RETURNING position;",
                new { Before = engine.Timestamp(before), UpTo = upTo, Max = max }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
            if (deleted.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE event_log_trimmed SET through = @Through WHERE through < @Through;",
                    new { Through = deleted.Max() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            return deleted.Count;
        }, cancellationToken);

    private sealed class TrimRow
    {
        public long Through { get; init; }

        public long? OldestKept { get; init; }
    }

    private sealed class LagRow
    {
        public long Events { get; init; }

        public object? Oldest { get; init; }

        public long TrimmedThrough { get; init; }
    }
}
