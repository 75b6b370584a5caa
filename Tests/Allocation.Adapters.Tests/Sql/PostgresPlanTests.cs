using System.Text.RegularExpressions;
using Allocation.Adapters.Postgres;
using Allocation.Adapters.Sql;
using Npgsql;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>
/// A connection prepares the write path's statements in its first seconds, when a new database's
/// tables are empty and have no statistics, and PostgreSQL may then keep one generic plan for the
/// connection's life. Each key lookup must still find its rows through its own key there, and not
/// through an index that costs the same on an empty table but reads every line of a SKU once it
/// fills (issue 26: 191 buffers a lookup instead of 3, for the first minute of a new database).
/// </summary>
public sealed partial class PostgresPlanTests
{
    private EmptyDatabase _empty = null!;

    [OneTimeSetUp]
    public async Task CreateEmpty()
    {
        _empty = await EmptyDatabase.PostgresAsync();
        await _empty.Open().MigrateAsync();
    }

    [OneTimeTearDown]
    public async Task DropEmpty() => await _empty.DisposeAsync();

    private static IEnumerable<TestCaseData> KeyLookups()
    {
        yield return Lookup("the line of one order", ProductLoader.SelectOrderLine, "allocations_one_line_per_order_and_sku");
        yield return Lookup("the lines of several orders", PostgresEngine.LinesOfOrders, "allocations_one_line_per_order_and_sku");
        yield return Lookup("deleting a line", ProductWriter.DeleteLine, "allocations_one_line_per_order_and_sku");
        yield return Lookup("a batch's newest lines", ProductLoader.SelectNewestLines, "allocations_by_batch");
        yield return Lookup("a product's batches", ProductLoader.SelectBatches, "batches_by_sku");
        yield return Lookup("a product's version", ProductLoader.SelectProduct, "products_pkey");
        yield return Lookup("a version check", ProductWriter.UpdateVersion, "products_pkey");
        yield return Lookup("a batch's totals", ProductWriter.UpdateBatch, "batches_reference_key");
        yield return Lookup("a new line's batch", ProductWriter.InsertLine, "batches_reference_key");

        static TestCaseData Lookup(string name, string statement, string index) =>
            new TestCaseData(statement, index).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(KeyLookups))]
    public async Task A_key_lookup_prepared_on_an_empty_table_uses_its_own_key(string statement, string index)
    {
        var plan = await GenericPlanAsync(statement);

        plan.Should().Contain($" using {index} ", "the generic plan was:\n" + plan).And.NotContain("Seq Scan");
    }

    /// <summary>The plan PostgreSQL keeps for a prepared statement, whatever its parameters.</summary>
    private async Task<string> GenericPlanAsync(string statement)
    {
        var names = new List<string>();
        var positional = NamedParameter().Replace(statement.TrimEnd(';'), match =>
        {
            if (!names.Contains(match.Value))
            {
                names.Add(match.Value);
            }

            return "$" + (names.IndexOf(match.Value) + 1);
        });
        // Unpooled: the session, its setting and its prepared statement end with the connection.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_empty.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SET plan_cache_mode = force_generic_plan"),
                new NpgsqlBatchCommand($"PREPARE lookup AS {positional}"),
                new NpgsqlBatchCommand($"EXPLAIN EXECUTE lookup({string.Join(", ", names.Select(_ => "NULL"))})"),
            },
        };
        var lines = new List<string>();
        await using var reader = await batch.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex("@[A-Za-z]+")]
    private static partial Regex NamedParameter();
}
