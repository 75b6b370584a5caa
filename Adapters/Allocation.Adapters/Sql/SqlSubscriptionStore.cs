using Allocation.Application.Events;
using Allocation.Application.Ports;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Subscribers' checkpoints, leases and parked events in a SQL database. Every write takes its
/// turn like a unit of work (on SQLite, the one writer slot) and is a single statement.
/// </summary>
internal sealed class SqlSubscriptionStore(SqlEngine engine) : ISubscriptionStore
{
    private const string SelectParked =
        "SELECT subscriber AS Subscriber, position AS Position, type AS Type, sku AS Sku, data AS Data, occurred_at AS OccurredAt, " +
        "attempts AS Attempts, error AS Error, parked_at AS ParkedAt, replay_requested AS ReplayRequested FROM parked_events";

    public async Task<long?> TryLeaseAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        // Insert the subscriber, or take its lease when free, expired or ours; no row back means another holds it.
        var rows = await engine.WriteAsync((connection, transaction) => connection.QueryAsync<long>(new CommandDefinition(
            "INSERT INTO event_subscriptions (subscriber, position, owner, lease_until, updated_at) VALUES (@Subscriber, 0, @Owner, @Until, @Now) " +
            "ON CONFLICT (subscriber) DO UPDATE SET owner = @Owner, lease_until = @Until, updated_at = @Now " +
            "WHERE event_subscriptions.owner = @Owner OR event_subscriptions.owner IS NULL OR event_subscriptions.lease_until < @Now " +
            "RETURNING position;",
            new { Subscriber = subscriber, Owner = owner, Now = engine.Timestamp(now), Until = engine.Timestamp(until) }, transaction,
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Cast<long?>().SingleOrDefault();
    }

    public async Task<bool> TryAddAsync(string subscriber, long position, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO event_subscriptions (subscriber, position, updated_at) VALUES (@Subscriber, @Position, @Now) ON CONFLICT (subscriber) DO NOTHING;",
            new { Subscriber = subscriber, Position = position, Now = engine.Timestamp(now) }, transaction,
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> AdvanceAsync(string subscriber, string owner, long position, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        await engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE event_subscriptions SET position = @Position, lease_until = @Until, updated_at = @Now WHERE subscriber = @Subscriber AND owner = @Owner;",
            new { Subscriber = subscriber, Owner = owner, Position = position, Now = engine.Timestamp(now), Until = engine.Timestamp(until) },
            transaction, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> RenewAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        await engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE event_subscriptions SET lease_until = @Until, updated_at = @Now WHERE subscriber = @Subscriber AND owner = @Owner;",
            new { Subscriber = subscriber, Owner = owner, Now = engine.Timestamp(now), Until = engine.Timestamp(until) },
            transaction, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> SkipAsync(string subscriber, long checkpoint, long position, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(position, checkpoint);
        return await engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE event_subscriptions SET position = @To, updated_at = @Now WHERE subscriber = @Subscriber AND position = @From;",
            new { Subscriber = subscriber, From = checkpoint, To = position, Now = engine.Timestamp(now) }, transaction,
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false) == 1;
    }

    public Task ReleaseAsync(string subscriber, string owner, CancellationToken cancellationToken = default) =>
        engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE event_subscriptions SET owner = NULL, lease_until = NULL WHERE subscriber = @Subscriber AND owner = @Owner;",
            new { Subscriber = subscriber, Owner = owner }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    public async Task<IReadOnlyList<SubscriptionState>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await engine.ReadAsync(connection => connection.QueryAsync<SubscriptionRow>(new CommandDefinition(
            "SELECT subscriber AS Subscriber, position AS Position, owner AS Owner, lease_until AS LeaseUntil, updated_at AS UpdatedAt, " +
            "(SELECT COUNT(*) FROM parked_events p WHERE p.subscriber = s.subscriber) AS Parked " +
            "FROM event_subscriptions s ORDER BY subscriber;", cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new SubscriptionState(
            row.Subscriber, row.Position, row.Owner, row.LeaseUntil is null ? null : engine.ReadTimestamp(row.LeaseUntil), engine.ReadTimestamp(row.UpdatedAt),
            (int)row.Parked))];
    }

    public Task ParkAsync(ParkedEvent parked, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parked);
        var logged = parked.Event;
        return engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO parked_events (subscriber, position, type, sku, data, occurred_at, attempts, error, parked_at, replay_requested) " +
            $"VALUES (@Subscriber, @Position, @Type, @Sku, {engine.Json("@Data")}, @OccurredAt, @Attempts, @Error, @ParkedAt, @ReplayRequested) " +
            "ON CONFLICT (subscriber, position) DO UPDATE SET attempts = @Attempts, error = @Error, parked_at = @ParkedAt, replay_requested = @ReplayRequested;",
            new
            {
                parked.Subscriber, logged.Position, logged.Type, logged.Sku, logged.Data, OccurredAt = engine.Timestamp(logged.OccurredAt),
                parked.Attempts, parked.Error, ParkedAt = engine.Timestamp(parked.ParkedAt), parked.ReplayRequested,
            }, transaction, cancellationToken: cancellationToken)), cancellationToken);
    }

    public async Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string? subscriber, CancellationToken cancellationToken = default)
    {
        var rows = await engine.ReadAsync(connection => connection.QueryAsync<ParkedRow>(new CommandDefinition(
            SelectParked + (subscriber is null ? "" : " WHERE subscriber = @Subscriber") + " ORDER BY parked_at, subscriber, position;",
            new { Subscriber = subscriber }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new ParkedEvent(
            row.Subscriber, new LoggedEvent(row.Position, row.Type, row.Sku, engine.ReadTimestamp(row.OccurredAt), row.Data),
            row.Attempts, row.Error, engine.ReadTimestamp(row.ParkedAt), row.ReplayRequested))];
    }

    public async Task<bool> RequestReplayAsync(string subscriber, long position, CancellationToken cancellationToken = default) =>
        await engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE parked_events SET replay_requested = @Yes WHERE subscriber = @Subscriber AND position = @Position;",
            new { Subscriber = subscriber, Position = position, Yes = true }, transaction, cancellationToken: cancellationToken)), cancellationToken)
            .ConfigureAwait(false) == 1;

    public async Task<bool> DeleteParkedAsync(string subscriber, long position, CancellationToken cancellationToken = default) =>
        await engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM parked_events WHERE subscriber = @Subscriber AND position = @Position;",
            new { Subscriber = subscriber, Position = position }, transaction, cancellationToken: cancellationToken)), cancellationToken)
            .ConfigureAwait(false) == 1;

    private sealed class SubscriptionRow
    {
        public string Subscriber { get; init; } = "";

        public long Position { get; init; }

        public string? Owner { get; init; }

        public object? LeaseUntil { get; init; }

        public object UpdatedAt { get; init; } = "";

        public long Parked { get; init; }
    }

    private sealed class ParkedRow
    {
        public string Subscriber { get; init; } = "";

        public long Position { get; init; }

        public string Type { get; init; } = "";

        public string Sku { get; init; } = "";

        public string Data { get; init; } = "";

        public object OccurredAt { get; init; } = "";

        public int Attempts { get; init; }

        public string Error { get; init; } = "";

        public object ParkedAt { get; init; } = "";

        public bool ReplayRequested { get; init; }
    }
}
