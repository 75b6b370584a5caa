using Allocation.Domain.Errors;
using Allocation.Domain.Events;
using static Allocation.Domain.Tests.Builders;

namespace Allocation.Domain.Tests;

public sealed class ProductAllocateTests
{
    [Test]
    public void Prefers_warehouse_batches_to_shipments()
    {
        var product = ProductWith("RETRO-CLOCK", ("shipment-batch", 100, Tomorrow), ("in-stock-batch", 100, null));

        product.Allocate(new OrderLine("oref", "RETRO-CLOCK", 10));

        product.BatchOf("in-stock-batch").AvailableQuantity.Should().Be(90);
        product.BatchOf("shipment-batch").AvailableQuantity.Should().Be(100);
    }

    [Test]
    public void Prefers_earlier_batches()
    {
        var product = ProductWith("MINIMALIST-SPOON", ("normal-batch", 100, Tomorrow), ("speedy-batch", 100, Today), ("slow-batch", 100, Later));

        product.Allocate(new OrderLine("order1", "MINIMALIST-SPOON", 10));

        product.BatchOf("speedy-batch").AvailableQuantity.Should().Be(90);
        product.BatchOf("normal-batch").AvailableQuantity.Should().Be(100);
        product.BatchOf("slow-batch").AvailableQuantity.Should().Be(100);
    }

    [Test]
    public void Ties_go_to_the_batch_added_first()
    {
        var product = ProductWith("TIED", ("second-name-first", 10, Today), ("a-first-name-second", 10, Today));

        product.Allocate(new OrderLine("o1", "TIED", 1)).Should().Be("second-name-first");
    }

    [Test]
    public void Skips_batches_that_cannot_take_the_line()
    {
        var product = ProductWith("SKIP", ("small-warehouse", 5, null), ("big-shipment", 50, Today));

        product.Allocate(new OrderLine("o1", "SKIP", 10)).Should().Be("big-shipment");
    }

    [Test]
    public void Returns_allocated_batch_ref()
    {
        var product = ProductWith("HIGHBROW-POSTER", ("in-stock-batch-ref", 100, null), ("shipment-batch-ref", 100, Tomorrow));

        product.Allocate(new OrderLine("oref", "HIGHBROW-POSTER", 10)).Should().Be("in-stock-batch-ref");
    }

    [Test]
    public void Records_an_allocated_event()
    {
        var product = ProductWith("RETRO-LAMPSHADE", ("batchref", 100, null));

        product.Allocate(new OrderLine("oref", "RETRO-LAMPSHADE", 10));

        product.Events.Should().Equal(new Allocated("oref", "RETRO-LAMPSHADE", 10, "batchref"));
    }

    [Test]
    public void Raises_out_of_stock_and_records_it_but_changes_nothing_if_it_cannot_allocate()
    {
        var product = ProductWith("SMALL-FORK", ("batch1", 10, Today));
        product.Allocate(new OrderLine("order1", "SMALL-FORK", 10));
        var version = product.VersionNumber;
        product = Reloaded(product);

        var act = () => product.Allocate(new OrderLine("order2", "SMALL-FORK", 1));

        act.Should().Throw<OutOfStockException>().WithMessage("*SMALL-FORK*")
            .Which.Code.Should().Be("out-of-stock");
        product.VersionNumber.Should().Be(version);
        product.Events.Should().Equal(new OutOfStock("SMALL-FORK"));
        product.BatchOf("batch1").AllocatedQuantity.Should().Be(10);
    }

    [Test]
    public void Increments_version_number()
    {
        var product = new Product("SCANDI-PEN", [new Batch("b1", "SCANDI-PEN", 100, null)], versionNumber: 7);

        product.Allocate(new OrderLine("oref", "SCANDI-PEN", 10));

        product.VersionNumber.Should().Be(8);
    }

    [Test]
    public void Allocating_the_same_line_again_returns_its_batch_and_changes_nothing()
    {
        var product = ProductWith("IDEMPOTENT", ("warehouse", 1, null), ("shipment", 100, Today));
        var first = product.Allocate(new OrderLine("o1", "IDEMPOTENT", 1));
        var version = product.VersionNumber;
        product = Reloaded(product);

        var again = product.Allocate(new OrderLine("o1", "IDEMPOTENT", 1));

        again.Should().Be(first).And.Be("warehouse");
        product.VersionNumber.Should().Be(version);
        product.Events.Should().BeEmpty();
        product.BatchOf("shipment").AllocatedQuantity.Should().Be(0);
        product.HasAllocated(new OrderLine("o1", "IDEMPOTENT", 1)).Should().BeTrue();
    }

    [Test]
    public void Allocating_an_order_line_again_with_another_quantity_fails()
    {
        var product = ProductWith("IDEMPOTENT", ("b1", 100, null));
        product.Allocate(new OrderLine("o1", "IDEMPOTENT", 1));
        var version = product.VersionNumber;

        var act = () => product.Allocate(new OrderLine("o1", "IDEMPOTENT", 2));

        act.Should().Throw<LineAlreadyAllocatedException>()
            .Which.Should().Match<LineAlreadyAllocatedException>(e => e.Code == "line-already-allocated" && e.BatchReference == "b1");
        product.VersionNumber.Should().Be(version);
        product.BatchOf("b1").AllocatedQuantity.Should().Be(1);
        product.HasAllocated(new OrderLine("o1", "IDEMPOTENT", 2)).Should().BeFalse();
    }

    [Test]
    public void A_line_of_another_sku_is_a_programming_error()
    {
        var product = ProductWith("MINE", ("b1", 100, null));

        var act = () => product.Allocate(new OrderLine("o1", "THEIRS", 1));

        act.Should().Throw<ArgumentException>();
        product.VersionNumber.Should().Be(1);
    }
}
