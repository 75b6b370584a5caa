using Allocation.Application.Commands;
using Allocation.Application.Reads;

namespace Allocation.Application.Tests;

public sealed class ImportTests : ServiceTestBase
{
    [Test]
    public async Task A_chunk_is_added_in_one_unit_of_work_and_importing_it_again_adds_nothing()
    {
        AddBatch[] chunk = [new("b1", "LAMP", 10, null), new("b2", "LAMP", 5, Today), new("b3", "CHAIR", 3, null)];

        var first = await Service.Commands.InvokeAsync(new ImportBatches(chunk));
        var created = Uow.Created;
        var again = await Service.Commands.InvokeAsync(new ImportBatches(chunk));

        first.Select(o => o.Result).Should().Equal(BatchImportResult.Added, BatchImportResult.Added, BatchImportResult.Added);
        created.Should().Be(1);
        again.Select(o => o.Result).Should().OnlyContain(r => r == BatchImportResult.AlreadyPresent);
        Uow.Created.Should().Be(created, "a re-run only reads");
        Uow.Repository.Products.Sum(p => p.Batches.Count).Should().Be(3);
    }

    [Test]
    public async Task A_reference_taken_with_other_values_or_repeated_in_the_chunk_is_refused_and_the_rest_added()
    {
        await Service.AddBatchAsync("taken", "LAMP", 10, null);

        var outcomes = await Service.Commands.InvokeAsync(new ImportBatches([new("taken", "LAMP", 99, null), new("new", "TABLE", 1, null), new("new", "TABLE", 2, null)]));

        outcomes[0].Should().Match<BatchImportOutcome>(o => o.Result == BatchImportResult.Refused && o.Reason!.Contains("qty 10"));
        outcomes[1].Result.Should().Be(BatchImportResult.Added);
        outcomes[2].Should().Match<BatchImportOutcome>(o => o.Result == BatchImportResult.Refused && o.Reason!.Contains("appears earlier"));
        (await Service.GetBatchAsync("taken"))!.PurchasedQuantity.Should().Be(10);
    }
}
