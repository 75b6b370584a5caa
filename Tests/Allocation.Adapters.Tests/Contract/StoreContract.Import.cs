using Allocation.Application;
using Allocation.Application.Commands;
using Allocation.Application.Reads;

namespace Allocation.Adapters.Tests;

public abstract partial class StoreContract
{
    [Test]
    public async Task An_import_chunk_adds_the_new_batches_knows_the_present_ones_and_refuses_a_reference_taken_by_another_sku()
    {
        await SeedAsync("IMPORT-LAMP", ("present", 10, null), ("changed", 10, null));
        await SeedAsync("IMPORT-CHAIR", ("elsewhere", 3, null));
        var service = new AllocationService(Store.UnitsOfWork, Store.Queries);

        var outcomes = await service.Commands.InvokeAsync(new ImportBatches([
            new AddBatch("present", "IMPORT-LAMP", 10, null),
            new AddBatch("changed", "IMPORT-LAMP", 99, null),
            new AddBatch("new-lamp", "IMPORT-LAMP", 5, Today),
            new AddBatch("elsewhere", "IMPORT-LAMP", 3, null),
            new AddBatch("new-table", "IMPORT-TABLE", 1, null),
        ]));

        outcomes.Select(o => o.Result).Should().Equal(
            BatchImportResult.AlreadyPresent, BatchImportResult.Refused, BatchImportResult.Added, BatchImportResult.Refused, BatchImportResult.Added);
        outcomes[1].Reason.Should().Contain("qty 10");
        outcomes[3].Reason.Should().Contain("sku IMPORT-CHAIR");
        (await Store.Queries.BatchAsync("new-lamp"))!.Eta.Should().Be(Today);
        (await Store.Queries.BatchAsync("new-table"))!.Sku.Should().Be("IMPORT-TABLE");
        (await Store.Queries.BatchAsync("elsewhere"))!.Sku.Should().Be("IMPORT-CHAIR", "nothing moves a batch");
        (await service.Commands.InvokeAsync(new ImportBatches([new AddBatch("new-lamp", "IMPORT-LAMP", 5, Today)]))).Single().Result.Should().Be(BatchImportResult.AlreadyPresent);
    }

    [Test]
    public async Task Batches_are_found_by_many_references_at_once_and_unknown_ones_left_out()
    {
        await SeedAsync("LAMP", ("l1", 10, null), ("l2", 5, Today));
        await SeedAsync("CHAIR", ("c1", 3, null));
        string[] many = [.. Enumerable.Range(0, 1500).Select(i => $"missing-{i}"), "l2", "c1", "l2"];

        var found = await Store.Queries.BatchesAsync(many);

        found.OrderBy(b => b.Reference, StringComparer.Ordinal).Should().Equal(
            new BatchView("c1", "CHAIR", 3, null, 0), new BatchView("l2", "LAMP", 5, Today, 0));
        (await Store.Queries.BatchesAsync([])).Should().BeEmpty();
    }
}
