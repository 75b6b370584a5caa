using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Allocation.Benchmarks;

/// <summary>
/// The physical floor: the leanest raw ADO.NET transaction doing the same database work as an
/// allocation (lock and read the product version and the batch totals, pick a batch, insert the
/// allocation, update the batch total and the version with the version check, commit), with the
/// same locking as the adapters. Our results are reported as a share of its throughput.
/// </summary>
internal static class Floors
{
    /// <summary>Reads the product's version (first result), then picks a batch from the second.</summary>
    public static async Task<(int Version, long? Batch)> ReadVersionAndPickAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken);
        var version = reader.GetInt32(0);
        await reader.NextResultAsync(cancellationToken);
        return (version, PickBatch(reader));
    }

    /// <summary>As <see cref="ReadVersionAndPickAsync"/>, without leaving the thread.</summary>
    public static (int Version, long? Batch) ReadVersionAndPick(DbDataReader reader)
    {
        reader.Read();
        var version = reader.GetInt32(0);
        reader.NextResult();
        return (version, PickBatch(reader));
    }

    /// <summary>Warehouse first, then the earliest ETA, ties by insertion order; null when nothing fits.</summary>
    private static long? PickBatch(DbDataReader batches)
    {
        (long Id, bool Warehouse, DateTime? Eta)? best = null;
        while (batches.Read())
        {
            if (batches.GetInt64(1) < 1)
            {
                continue;
            }

            var candidate = (Id: batches.GetInt64(0), Warehouse: batches.IsDBNull(2), Eta: batches.IsDBNull(2) ? (DateTime?)null : batches.GetDateTime(2));
            if (best is null || (candidate.Warehouse && !best.Value.Warehouse) || (!candidate.Warehouse && !best.Value.Warehouse && candidate.Eta < best.Value.Eta))
            {
                best = candidate;
            }
        }

        return best?.Id;
    }

    public const string SelectBatches = "SELECT id, purchased_quantity - allocated_quantity, eta FROM batches WHERE sku = @sku ORDER BY id";
}

/// <summary>
/// PostgreSQL floor: two round trips (BEGIN + locked reads; writes + COMMIT), with statements
/// prepared on the server after a few uses, as the adapter's data source does by default.
/// </summary>
internal sealed class PostgresFloor(string connectionString) : IAllocationTarget, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 32 }.ConnectionString);

    public string Name => "floor";

    public async Task<string?> AllocateAsync(string orderId, string sku, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        int version;
        long? batch;
        await using (var read = new NpgsqlBatch(connection))
        {
            read.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            read.BatchCommands.Add(Command("SELECT version_number FROM products WHERE sku = @sku FOR UPDATE", ("sku", sku)));
            read.BatchCommands.Add(Command(Floors.SelectBatches, ("sku", sku)));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            (version, batch) = await Floors.ReadVersionAndPickAsync(reader, cancellationToken);
        }

        if (batch is null)
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(cancellationToken);
            return "out-of-stock";
        }

        await using var write = new NpgsqlBatch(connection);
        write.BatchCommands.Add(Command("INSERT INTO allocations (orderid, sku, quantity, batch_id) VALUES (@orderid, @sku, 1, @batch)", ("orderid", orderId), ("sku", sku), ("batch", batch.Value)));
        write.BatchCommands.Add(Command("UPDATE batches SET allocated_quantity = allocated_quantity + 1 WHERE id = @batch", ("batch", batch.Value)));
        write.BatchCommands.Add(Command("UPDATE products SET version_number = @next WHERE sku = @sku AND version_number = @version", ("next", version + 1), ("sku", sku), ("version", version)));
        write.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await write.ExecuteNonQueryAsync(cancellationToken);
        return write.BatchCommands[2].RecordsAffected == 1 ? null : "concurrency-conflict";
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}

/// <summary>
/// SQLite floor: the real minimum, as <c>../shared/floors/sqlite_floor.py</c> runs it. One open
/// connection, its two commands prepared once and reused, one writer loop (the load runner gives
/// it one worker, so no thread hands work to another), synchronous calls, one
/// <c>BEGIN IMMEDIATE</c> ... <c>COMMIT</c> per allocation.
/// </summary>
internal sealed class SqliteFloor(string connectionString) : IAllocationTarget, IDisposable
{
    private SqliteConnection? _connection;
    private SqliteCommand? _read;
    private SqliteCommand? _write;

    public string Name => "floor";

    public int? Workers => 1;

    public Task<string?> AllocateAsync(string orderId, string sku, CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            Open();
        }

        using var transaction = _connection!.BeginTransaction(deferred: false);
        _read!.Transaction = transaction;
        _read.Parameters["@sku"].Value = sku;
        int version;
        long? batch;
        using (var reader = _read.ExecuteReader())
        {
            (version, batch) = Floors.ReadVersionAndPick(reader);
        }

        if (batch is null)
        {
            return Task.FromResult<string?>("out-of-stock");
        }

        _write!.Transaction = transaction;
        _write.Parameters["@orderid"].Value = orderId;
        _write.Parameters["@sku"].Value = sku;
        _write.Parameters["@batch"].Value = batch.Value;
        _write.Parameters["@next"].Value = version + 1;
        _write.Parameters["@version"].Value = version;
        _write.ExecuteNonQuery();
        transaction.Commit();
        return Task.FromResult<string?>(null);
    }

    public void Dispose()
    {
        _read?.Dispose();
        _write?.Dispose();
        _connection?.Dispose();
    }

    private void Open()
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true }.ToString());
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = FULL;"; // the host's durable default, said out loud
            pragma.ExecuteNonQuery();
        }

        _read = _connection.CreateCommand();
        _read.CommandText = "SELECT version_number FROM products WHERE sku = @sku; " + Floors.SelectBatches;
        _read.Parameters.Add("@sku", SqliteType.Text);
        _write = _connection.CreateCommand();
        _write.CommandText =
            "INSERT INTO allocations (orderid, sku, quantity, batch_id) VALUES (@orderid, @sku, 1, @batch); " +
            "UPDATE batches SET allocated_quantity = allocated_quantity + 1 WHERE id = @batch; " +
            "UPDATE products SET version_number = @next WHERE sku = @sku AND version_number = @version;";
        _write.Parameters.Add("@orderid", SqliteType.Text);
        _write.Parameters.Add("@sku", SqliteType.Text);
        _write.Parameters.Add("@batch", SqliteType.Integer);
        _write.Parameters.Add("@next", SqliteType.Integer);
        _write.Parameters.Add("@version", SqliteType.Integer);
    }
}
