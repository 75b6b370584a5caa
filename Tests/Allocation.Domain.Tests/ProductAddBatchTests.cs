using Allocation.Domain.Errors;
using Allocation.Domain.Events;
using static Allocation.Domain.Tests.Builders;

namespace Allocation.Domain.Tests;

public sealed class ProductAddBatchTests
{
    [Test]
    public void Adding_a_batch_records_it_and_bumps_the_version()
    {
        var product = new Product("CHAIR");

        var batch = product.AddBatch("b1", 10, Today);

        product.Batches.Should().Equal(batch);
        batch.Sku.Should().Be("CHAIR");
        product.VersionNumber.Should().Be(1);
        product.Events.Should().Equal(new BatchAdded("b1", "CHAIR", 10, Today));
    }

    [Test]
    public void A_batch_of_zero_units_is_allowed()
    {
        var product = new Product("CHAIR");

        product.AddBatch("empty", 0, null).AvailableQuantity.Should().Be(0);
    }

    [Test]
    public void A_duplicate_reference_is_rejected_and_changes_nothing()
    {
        var product = ProductWith("CHAIR", ("b1", 10, null));

        var act = () => product.AddBatch("b1", 99, Today);

        act.Should().Throw<DuplicateBatchException>()
            .Which.Should().Match<DuplicateBatchException>(e => e.Code == "duplicate-batch" && e.Reference == "b1");
        product.Batches.Should().ContainSingle().Which.PurchasedQuantity.Should().Be(10);
        product.VersionNumber.Should().Be(1);
        product.Events.Should().BeEmpty();
    }

    [Test]
    public void A_product_loaded_with_its_batches_has_recorded_nothing()
    {
        var product = new Product("CHAIR", [new Batch("b1", "CHAIR", 10, null)], versionNumber: 1);

        product.Events.Should().BeEmpty();
        product.VersionNumber.Should().Be(1);
        product.Batches.Should().ContainSingle(b => b.Reference == "b1");
    }

    [Test]
    public void A_product_refuses_batches_of_another_sku_repeated_references_or_a_negative_version()
    {
        var otherSku = () => new Product("CHAIR", [new Batch("b1", "TABLE", 1, null)]);
        var repeated = () => new Product("CHAIR", [new Batch("b1", "CHAIR", 1, null), new Batch("b1", "CHAIR", 2, null)]);
        var negative = () => new Product("CHAIR", [], versionNumber: -1);
        var orderTwice = () => new Product("CHAIR",
        [
            Batch.Restore("b1", "CHAIR", 5, null, 1, [new OrderLine("o1", "CHAIR", 1)]),
            Batch.Restore("b2", "CHAIR", 5, null, 1, [new OrderLine("o1", "CHAIR", 1)]),
        ]);

        otherSku.Should().Throw<ArgumentException>();
        repeated.Should().Throw<ArgumentException>();
        negative.Should().Throw<ArgumentOutOfRangeException>();
        orderTwice.Should().Throw<ArgumentException>();
    }
}
