using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Runs after the migrations, in their transaction: makes sure the next event positions stand above
/// every position a reader may have seen (ADR 0015), or stops the host with the cause.
/// </summary>
internal static class PositionCheck
{
    /// <summary>How far the newest position may stand ahead of the clock: more means the clock was set back.</summary>
    internal static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(5);

    private const string NewestPosition =
        "SELECT MAX(newest) FROM (SELECT MAX(position) AS newest FROM event_log " +
        "UNION ALL SELECT MAX(position) FROM event_subscriptions UNION ALL SELECT MAX(position) FROM parked_events) AS seen;";

    public static async Task RunAsync(SqlEngine engine, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (engine.AdoptRestoredEvents is { } adopt)
        {
            // After a restore into another cluster the log's transaction ids are that cluster's: mark them ended.
            await connection.ExecuteAsync(new CommandDefinition(adopt, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var newest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            NewestPosition, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;
        var clock = engine.ClockMicros is { } readClock
            ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(readClock, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
            : ProductWriter.Micros(DateTimeOffset.UtcNow);
        if (newest > clock + ClockAllowance.Ticks / TimeSpan.TicksPerMicrosecond)
        {
            throw new InvalidOperationException(
                $"The newest event position ({newest.ToString(CultureInfo.InvariantCulture)}, a time in microseconds since 1970: " +
                $"{Time(newest):O}) is ahead of the {engine.Name} clock ({Time(clock):O}) by more than {ClockAllowance.TotalMinutes:0} minutes. " +
                "Event positions are taken from that clock so that they stay above every position readers saw before a restore; " +
                "with the clock behind, a restored database could hand out positions again. Set the clock right and start again " +
                "(docs/operations.md, \"Restoring a database\").");
        }
    }

    private static DateTimeOffset Time(long micros) =>
        micros is >= 0 and < 253_402_300_799_000_000 ? DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond) : DateTimeOffset.MaxValue;
}
