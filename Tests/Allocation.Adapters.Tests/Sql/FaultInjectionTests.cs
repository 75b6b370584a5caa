using Allocation.Application;

namespace Allocation.Adapters.Tests.Sql;

/// <summary>A transaction that fails half-way leaves no trace, on both engines.</summary>
public sealed class FaultInjectionTests
{
    private static readonly Dictionary<string, string> ExplodingTrigger = new()
    {
        // Fires on the allocation insert, after the commit's version update and batch update ran.
        ["sqlite"] = "CREATE TRIGGER explode BEFORE INSERT ON allocations WHEN NEW.orderid = 'explode' BEGIN SELECT RAISE(ABORT, 'injected fault'); END;",
        ["postgres"] = """
            CREATE FUNCTION explode() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.orderid = 'explode' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER explode BEFORE INSERT ON allocations FOR EACH ROW EXECUTE FUNCTION explode();
            """,
    };

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task A_commit_that_fails_after_its_first_writes_leaves_no_trace(string engine)
    {
        await using var empty = engine == "sqlite" ? EmptyDatabase.Sqlite() : await EmptyDatabase.PostgresAsync();
        var database = empty.Open();
        await database.MigrateAsync();
        var service = new AllocationService(database.UnitsOfWork, database.Queries);
        await service.AddBatchAsync("b1", "LAMP", 10, null);
        await service.AllocateAsync("before", "LAMP", 2);
        await empty.ExecuteRawAsync(ExplodingTrigger[engine]);

        var act = () => service.AllocateAsync("explode", "LAMP", 3);

        (await act.Should().ThrowAsync<System.Data.Common.DbException>()).Which.Message.Should().Contain("injected fault");
        var product = await database.Queries.ProductAsync("LAMP");
        product!.VersionNumber.Should().Be(2, "the version update ran, then was rolled back");
        product.Batches[0].AllocatedQuantity.Should().Be(2);
        (await database.Queries.AllocationsForOrderAsync("explode")).Should().BeEmpty();
        (await service.AllocateAsync("after", "LAMP", 3)).BatchReference.Should().Be("b1", "the store works on");
    }
}
