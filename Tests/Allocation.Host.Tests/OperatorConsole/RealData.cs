using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Allocation.Host.Tests.OperatorConsole;

/// <summary>
/// A store the size the console must stay fast with, written straight into a migrated database in
/// one transaction, as the log writes them (compact JSON, fields in the payload's order): 10,000 SKUs (SKU-00001…), each with a warehouse batch and an ETA batch,
/// 100,000 allocated lines (orders o-00000… hold two lines each), and their 121,000 events spread
/// over the last 14 minutes. Every tenth SKU is out of stock.
/// </summary>
internal static class RealData
{
    public const int Skus = 10_000;
    public const int Lines = 100_000;
    public const int OutOfStock = Skus / 10;
    private const int Events = (2 * Skus) + Lines + OutOfStock;

    public static async Task SeedSqliteAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await RunAsync(connection, $$"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{Skus}})
            INSERT INTO products (sku, version_number) SELECT printf('SKU-%05d', i), 12 FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{Skus}})
            INSERT INTO batches (id, reference, sku, purchased_quantity, allocated_quantity, eta)
            SELECT 2 * i - 1, printf('B-%05d-W', i), printf('SKU-%05d', i), CASE WHEN i % 10 = 0 THEN 20 ELSE 30 END, 20, NULL FROM n
            UNION ALL SELECT 2 * i, printf('B-%05d-E', i), printf('SKU-%05d', i), CASE WHEN i % 10 = 0 THEN 0 ELSE 20 END, 0, '2027-03-01' FROM n;
            WITH RECURSIVE n(l) AS (SELECT 1 UNION ALL SELECT l + 1 FROM n WHERE l < {{Lines}})
            INSERT INTO allocations (id, orderid, sku, quantity, batch_id)
            SELECT l, printf('o-%05d', (l - 1) % 50000), printf('SKU-%05d', (l - 1) / 10 + 1), 2, 2 * ((l - 1) / 10 + 1) - 1 FROM n;
            INSERT INTO event_log (position, type, sku, data, occurred_at)
            SELECT id, 'BatchAdded', sku, json_object('ref', reference, 'sku', sku, 'qty', purchased_quantity, 'eta', eta), '' FROM batches;
            INSERT INTO event_log (position, type, sku, data, occurred_at)
            SELECT {{2 * Skus}} + a.id, 'Allocated', a.sku, json_object('orderid', a.orderid, 'sku', a.sku, 'qty', a.quantity, 'batchref', b.reference), ''
            FROM allocations a JOIN batches b ON b.id = a.batch_id;
            INSERT INTO event_log (position, type, sku, data, occurred_at)
            SELECT {{2 * Skus + Lines}} + p.rowid / 10, 'OutOfStock', p.sku, json_object('sku', p.sku), '' FROM products p WHERE p.rowid % 10 = 0;
            UPDATE event_log SET occurred_at = strftime('%Y-%m-%dT%H:%M:%f', 'now', printf('-%.3f seconds', 840.0 - position * 840.0 / {{Events}})) || '0000Z';
            """);
    }

    public static async Task SeedPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await RunAsync(connection, $$"""
            INSERT INTO products (sku, version_number) SELECT format('SKU-%s', lpad(i::text, 5, '0')), 12 FROM generate_series(1, {{Skus}}) i;
            INSERT INTO batches (id, reference, sku, purchased_quantity, allocated_quantity, eta) OVERRIDING SYSTEM VALUE
            SELECT 2 * i - 1, format('B-%s-W', lpad(i::text, 5, '0')), format('SKU-%s', lpad(i::text, 5, '0')), CASE WHEN i % 10 = 0 THEN 20 ELSE 30 END, 20, NULL
            FROM generate_series(1, {{Skus}}) i
            UNION ALL SELECT 2 * i, format('B-%s-E', lpad(i::text, 5, '0')), format('SKU-%s', lpad(i::text, 5, '0')), CASE WHEN i % 10 = 0 THEN 0 ELSE 20 END, 0, DATE '2027-03-01'
            FROM generate_series(1, {{Skus}}) i;
            INSERT INTO allocations (id, orderid, sku, quantity, batch_id) OVERRIDING SYSTEM VALUE
            SELECT l, format('o-%s', lpad(((l - 1) % 50000)::text, 5, '0')), format('SKU-%s', lpad(((l - 1) / 10 + 1)::text, 5, '0')), 2, 2 * ((l - 1) / 10 + 1) - 1
            FROM generate_series(1, {{Lines}}) l;
            SELECT setval(pg_get_serial_sequence('batches', 'id'), {{2 * Skus}});
            SELECT setval(pg_get_serial_sequence('allocations', 'id'), {{Lines}});
            INSERT INTO event_log (position, type, sku, data, occurred_at, tx)
            SELECT id, 'BatchAdded', sku, ('{"ref":"' || reference || '","sku":"' || sku || '","qty":' || purchased_quantity || ',"eta":' || COALESCE('"' || eta::text || '"', 'null') || '}')::json,
                now(), pg_current_xact_id() FROM batches;
            INSERT INTO event_log (position, type, sku, data, occurred_at, tx)
            SELECT {{2 * Skus}} + a.id, 'Allocated', a.sku, ('{"orderid":"' || a.orderid || '","sku":"' || a.sku || '","qty":' || a.quantity || ',"batchref":"' || b.reference || '"}')::json,
                now(), pg_current_xact_id()
            FROM allocations a JOIN batches b ON b.id = a.batch_id;
            INSERT INTO event_log (position, type, sku, data, occurred_at, tx)
            SELECT {{2 * Skus + Lines}} + i / 10, 'OutOfStock', format('SKU-%s', lpad(i::text, 5, '0')), format('{"sku":"SKU-%s"}', lpad(i::text, 5, '0'))::json, now(), pg_current_xact_id()
            FROM generate_series(10, {{Skus}}, 10) i;
            UPDATE event_log SET occurred_at = now() - make_interval(secs => 840.0 - position * 840.0 / {{Events}});
            SELECT setval('event_log_position', {{Events}});
            """);
    }

    private static async Task RunAsync(DbConnection connection, string sql)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
