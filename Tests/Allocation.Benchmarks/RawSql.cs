using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Allocation.Benchmarks;

/// <summary>Whether the database agrees with what the run reported.</summary>
internal sealed record Consistency(long Rows, long Expected, long OverAllocatedBatches, long TotalMismatches, ReplayCheck? Replay = null)
{
    public bool Ok => Rows == Expected && OverAllocatedBatches == 0 && TotalMismatches == 0 && Replay is not { Ok: false };

    public override string ToString() => (Ok
        ? $"ok ({Rows:N0} rows"
        : $"FAILED: {Rows:N0} rows for {Expected:N0} successes, {OverAllocatedBatches} over-allocated, {TotalMismatches} total mismatches")
        + (Replay is null ? "" : $"; {Replay}") + (Ok ? ")" : "");
}

/// <summary>SQL run behind the adapters' back: the consistency check and the history seeding.</summary>
internal sealed class RawSql(string engine, string connectionString)
{
    public async Task<Consistency> CheckAsync(string orderPrefix, long successes)
    {
        // Measured orders are "{prefix}-w-i", the warm-up's "{prefix}w-w-i": both match "{prefix}%".
        var rows = await ScalarAsync("SELECT COUNT(*) FROM allocations WHERE orderid LIKE @prefix", ("prefix", orderPrefix + "%"));
        var over = await ScalarAsync("SELECT COUNT(*) FROM batches WHERE allocated_quantity > purchased_quantity");
        var mismatched = await ScalarAsync(
            "SELECT COUNT(*) FROM batches b WHERE b.allocated_quantity <> (SELECT COALESCE(SUM(a.quantity), 0) FROM allocations a WHERE a.batch_id = b.id)");
        return new Consistency(rows, successes, over, mismatched);
    }

    /// <summary>Gives the SKU's warehouse batch <paramref name="lines"/> more allocated lines of 1 unit, in one statement.</summary>
    public async Task AddHistoryAsync(string sku, int lines, int from)
    {
        var series = engine == "postgres"
            ? "SELECT g FROM generate_series(@from, @to) AS g"
            : "WITH RECURSIVE s(g) AS (SELECT @from UNION ALL SELECT g + 1 FROM s WHERE g < @to) SELECT g FROM s";
        var batch = await ScalarAsync("SELECT MIN(id) FROM batches WHERE sku = @sku AND eta IS NULL", ("sku", sku));
        await ExecuteAsync(
            $"INSERT INTO allocations (orderid, sku, quantity, batch_id) SELECT 'history-' || CAST(g AS TEXT), @sku, 1, @batch FROM ({series}) AS numbers",
            ("sku", sku), ("batch", batch), ("from", from), ("to", from + lines - 1));
        await ExecuteAsync("UPDATE batches SET allocated_quantity = allocated_quantity + @lines WHERE id = @batch", ("lines", lines), ("batch", batch));
    }

    /// <summary>This database's replay of its event log (<see cref="EventLogReplay"/>).</summary>
    public EventLogReplay Replay { get; } = new();

    /// <summary>The events after <paramref name="after"/>, in position order.</summary>
    public IAsyncEnumerable<(long Position, string Type, string Data)> EventLogAsync(long after) =>
        RowsAsync("SELECT position, type, data FROM event_log WHERE position > @after ORDER BY position",
            row => (row.GetInt64(0), row.GetString(1), row.GetString(2)), ("after", after));

    /// <summary>The lines of the orders whose id starts with <paramref name="orderPrefix"/>, with their batch's reference.</summary>
    public IAsyncEnumerable<(string OrderId, string Sku, string Batch, int Quantity)> LinesAsync(string orderPrefix) =>
        RowsAsync("SELECT a.orderid, a.sku, b.reference, a.quantity FROM allocations a JOIN batches b ON b.id = a.batch_id WHERE a.orderid LIKE @prefix",
            row => (row.GetString(0), row.GetString(1), row.GetString(2), row.GetInt32(3)), ("prefix", orderPrefix + "%"));

    /// <summary>Every batch's reference and purchased quantity.</summary>
    public IAsyncEnumerable<(string Batch, int Purchased)> BatchesAsync() =>
        RowsAsync("SELECT reference, purchased_quantity FROM batches", row => (row.GetString(0), row.GetInt32(1)));

    private async IAsyncEnumerable<T> RowsAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return read(reader);
        }
    }

    private async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = Command(connection, sql, parameters);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = engine == "postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
