using Allocation.Domain.Errors;
using Allocation.Domain.Events;
using static Allocation.Domain.Tests.Builders;

namespace Allocation.Domain.Tests;

public sealed class ProductChangeBatchQuantityTests
{
    [Test]
    public void Changes_available_quantity()
    {
        var product = ProductWith("ADORABLE-SETTEE", ("batch1", 100, null));

        var change = product.ChangeBatchQuantity("batch1", 50);

        product.BatchOf("batch1").AvailableQuantity.Should().Be(50);
        change.Should().BeEquivalentTo(new BatchQuantityChange("batch1", 100, 50, [], []));
    }

    [Test]
    public void Reallocates_if_necessary()
    {
        var product = ProductWith("INDIFFERENT-TABLE", ("batch1", 50, null), ("batch2", 50, Today));
        product.Allocate(new OrderLine("order1", "INDIFFERENT-TABLE", 20));
        product.Allocate(new OrderLine("order2", "INDIFFERENT-TABLE", 20));

        product.ChangeBatchQuantity("batch1", 25);

        product.BatchOf("batch1").AvailableQuantity.Should().Be(5);
        product.BatchOf("batch2").AvailableQuantity.Should().Be(30);
    }

    [Test]
    public void Takes_back_the_newest_lines_first_and_only_as_many_as_needed()
    {
        var product = ProductWith("SHELF", ("warehouse", 10, null), ("shipment", 100, Today));
        product.Allocate(new OrderLine("oldest", "SHELF", 4));
        product.Allocate(new OrderLine("middle", "SHELF", 3));
        product.Allocate(new OrderLine("newest", "SHELF", 2));

        var change = product.ChangeBatchQuantity("warehouse", 5);

        change.Reallocated.Select(r => r.Line.OrderId).Should().Equal("newest", "middle");
        product.BatchOf("warehouse").Allocations.Select(l => l.OrderId).Should().Equal("oldest");
        product.BatchOf("shipment").Allocations.Select(l => l.OrderId).Should().Equal("newest", "middle");
    }

    [Test]
    public void Reallocates_through_the_usual_rule_warehouse_then_earliest_eta()
    {
        var product = ProductWith("SOFA", ("shrinking", 10, null), ("later", 10, Later), ("other-warehouse", 10, null), ("sooner", 10, Today));
        product.Allocate(new OrderLine("o1", "SOFA", 5));

        var change = product.ChangeBatchQuantity("shrinking", 0);

        change.Reallocated.Should().Equal(new Reallocation(new OrderLine("o1", "SOFA", 5), "shrinking", "other-warehouse"));
    }

    [Test]
    public void Reports_lines_that_no_other_batch_can_take()
    {
        var product = ProductWith("RUG", ("b1", 10, null), ("b2", 3, Today));
        product.Allocate(new OrderLine("big", "RUG", 6));
        product.Allocate(new OrderLine("small", "RUG", 2));

        var change = product.ChangeBatchQuantity("b1", 0);

        change.Reallocated.Should().Equal(new Reallocation(new OrderLine("small", "RUG", 2), "b1", "b2"));
        change.Unallocated.Should().Equal(new OrderLine("big", "RUG", 6));
        product.BatchOf("b1").AllocatedQuantity.Should().Be(0);
        product.Batches.SelectMany(b => b.Allocations).Select(l => l.OrderId).Should().Equal("small");
    }

    [Test]
    public void A_line_taken_back_never_returns_to_the_batch_it_was_taken_from()
    {
        var product = ProductWith("LAMP", ("shrinking", 8, null));
        product.Allocate(new OrderLine("a", "LAMP", 3));
        product.Allocate(new OrderLine("b", "LAMP", 4));
        product.Allocate(new OrderLine("c", "LAMP", 1));

        // Taking back c (1) leaves 7 > 4; taking back b (4) leaves 3 <= 4, and c would now fit again.
        var change = product.ChangeBatchQuantity("shrinking", 4);

        change.Unallocated.Select(l => l.OrderId).Should().Equal("c", "b");
        product.BatchOf("shrinking").Allocations.Select(l => l.OrderId).Should().Equal("a");
    }

    [Test]
    public void Bumps_the_version_once_and_records_each_change_in_order()
    {
        var product = ProductWith("DESK", ("b1", 10, null), ("b2", 10, Today));
        product.Allocate(new OrderLine("o1", "DESK", 4));
        product.Allocate(new OrderLine("o2", "DESK", 4));
        product = Reloaded(product);
        var version = product.VersionNumber;

        product.ChangeBatchQuantity("b1", 3);

        product.VersionNumber.Should().Be(version + 1);
        product.Events.Should().Equal(
            new BatchQuantityChanged("b1", "DESK", 10, 3),
            new Deallocated("o2", "DESK", 4, "b1", TakenBack: true),
            new Deallocated("o1", "DESK", 4, "b1", TakenBack: true),
            new Allocated("o2", "DESK", 4, "b2"),
            new Allocated("o1", "DESK", 4, "b2"));
    }

    [Test]
    public void Records_a_line_that_no_batch_can_take_as_lost_and_the_sku_as_out_of_stock()
    {
        var product = ProductWith("DESK", ("b1", 10, null), ("b2", 2, Today));
        product.Allocate(new OrderLine("o1", "DESK", 4));
        product.Allocate(new OrderLine("o2", "DESK", 4));
        product = Reloaded(product);

        product.ChangeBatchQuantity("b1", 0);

        product.Events.Should().Equal(
            new BatchQuantityChanged("b1", "DESK", 10, 0),
            new Deallocated("o2", "DESK", 4, "b1", TakenBack: true),
            new Deallocated("o1", "DESK", 4, "b1", TakenBack: true),
            new AllocationLost("o2", "DESK", 4, "b1"),
            new AllocationLost("o1", "DESK", 4, "b1"),
            new OutOfStock("DESK"));
    }

    [Test]
    public void Setting_the_same_quantity_changes_nothing()
    {
        var product = ProductWith("DESK", ("b1", 10, null));

        var change = product.ChangeBatchQuantity("b1", 10);

        change.Reallocated.Should().BeEmpty();
        product.VersionNumber.Should().Be(1);
        product.Events.Should().BeEmpty();
    }

    [Test]
    public void Growing_a_batch_takes_nothing_back()
    {
        var product = ProductWith("DESK", ("b1", 10, null));
        product.Allocate(new OrderLine("o1", "DESK", 10));

        var change = product.ChangeBatchQuantity("b1", 20);

        change.Reallocated.Should().BeEmpty();
        change.Unallocated.Should().BeEmpty();
        product.BatchOf("b1").AvailableQuantity.Should().Be(10);
    }

    [Test]
    public void An_unknown_batch_is_not_found_and_changes_nothing()
    {
        var product = ProductWith("DESK", ("b1", 10, null));

        var act = () => product.ChangeBatchQuantity("nope", 5);

        act.Should().Throw<BatchNotFoundException>().Which.Code.Should().Be("batch-not-found");
        product.VersionNumber.Should().Be(1);
    }

    [Test]
    public void A_negative_quantity_is_refused()
    {
        var product = ProductWith("DESK", ("b1", 10, null));

        var act = () => product.ChangeBatchQuantity("b1", -1);

        act.Should().Throw<ArgumentOutOfRangeException>();
        product.BatchOf("b1").PurchasedQuantity.Should().Be(10);
    }

    [Test]
    public void Works_on_a_partly_loaded_batch_when_the_lines_to_take_back_were_loaded()
    {
        var batch = Batch.Restore("b1", "DESK", 100, null, allocatedQuantity: 90, [new OrderLine("newest", "DESK", 5)]);
        var product = new Product("DESK", [batch, new Batch("b2", "DESK", 50, Today)], versionNumber: 30);

        var change = product.ChangeBatchQuantity("b1", 86);

        change.Reallocated.Should().Equal(new Reallocation(new OrderLine("newest", "DESK", 5), "b1", "b2"));
        product.BatchOf("b1").AllocatedQuantity.Should().Be(85);
    }

    [Test]
    public void Refuses_to_guess_when_the_lines_to_take_back_were_not_loaded()
    {
        var batch = Batch.Restore("b1", "DESK", 100, null, allocatedQuantity: 90, []);
        var product = new Product("DESK", [batch]);

        var act = () => product.ChangeBatchQuantity("b1", 50);

        act.Should().Throw<InvalidOperationException>().WithMessage("*not loaded*");
    }
}
