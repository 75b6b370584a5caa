using static Allocation.Domain.Tests.Builders;

namespace Allocation.Domain.Tests;

public sealed class BatchTests
{
    [Test]
    public void Allocating_to_a_batch_reduces_the_available_quantity()
    {
        var batch = new Batch("batch-001", "SMALL-TABLE", 20, Today);

        batch.Allocate(new OrderLine("order-ref", "SMALL-TABLE", 2));

        batch.AvailableQuantity.Should().Be(18);
        batch.AllocatedQuantity.Should().Be(2);
    }

    [TestCase(20, 2, true, TestName = "Can_allocate_if_available_greater_than_required")]
    [TestCase(2, 20, false, TestName = "Cannot_allocate_if_available_smaller_than_required")]
    [TestCase(2, 2, true, TestName = "Can_allocate_if_available_equal_to_required")]
    public void Can_allocate_depends_on_available_quantity(int available, int required, bool expected)
    {
        var (batch, line) = BatchAndLine("ELEGANT-LAMP", available, required);

        batch.CanAllocate(line).Should().Be(expected);
    }

    [Test]
    public void Cannot_allocate_if_skus_do_not_match()
    {
        var batch = new Batch("batch-001", "UNCOMFORTABLE-CHAIR", 100, null);

        batch.CanAllocate(new OrderLine("order-123", "EXPENSIVE-TOASTER", 10)).Should().BeFalse();
    }

    [Test]
    public void Allocation_is_idempotent()
    {
        var (batch, line) = BatchAndLine("ANGULAR-DESK", 20, 2);

        batch.Allocate(line);
        batch.Allocate(line);

        batch.AvailableQuantity.Should().Be(18);
        batch.Allocations.Should().ContainSingle();
    }

    [Test]
    public void Allocating_a_line_that_does_not_fit_is_refused()
    {
        var (batch, line) = BatchAndLine("ANGULAR-DESK", 1, 2);

        var act = () => batch.Allocate(line);

        act.Should().Throw<InvalidOperationException>();
        batch.AvailableQuantity.Should().Be(1);
    }

    [Test]
    public void Deallocate_releases_the_line()
    {
        var (batch, line) = BatchAndLine("EXPENSIVE-FOOTSTOOL", 20, 2);
        batch.Allocate(line);

        batch.Deallocate(line);

        batch.AvailableQuantity.Should().Be(20);
        batch.Allocations.Should().BeEmpty();
    }

    [Test]
    public void Can_only_deallocate_allocated_lines()
    {
        var (batch, unallocated) = BatchAndLine("DECORATIVE-TRINKET", 20, 2);

        batch.Deallocate(unallocated);

        batch.AvailableQuantity.Should().Be(20);
    }

    [Test]
    public void Batches_are_equal_by_reference()
    {
        var one = new Batch("batch-001", "SKU", 10, null);
        var same = new Batch("batch-001", "SKU", 99, Today);

        one.Should().Be(same);
        one.GetHashCode().Should().Be(same.GetHashCode());
        one.Should().NotBe(new Batch("batch-002", "SKU", 10, null));
    }

    [Test]
    public void A_batch_cannot_be_bought_in_a_negative_quantity()
    {
        var act = () => new Batch("batch-001", "SKU", -1, null);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void A_restored_batch_keeps_its_total_beyond_the_loaded_lines()
    {
        var batch = Batch.Restore("b1", "SKU", 100, null, allocatedQuantity: 60, [new OrderLine("o1", "SKU", 10)]);

        batch.AllocatedQuantity.Should().Be(60);
        batch.AvailableQuantity.Should().Be(40);
        batch.Allocations.Should().ContainSingle();
    }

    [Test]
    public void A_restored_batch_rejects_lines_that_add_up_to_more_than_its_total()
    {
        var act = () => Batch.Restore("b1", "SKU", 100, null, allocatedQuantity: 5, [new OrderLine("o1", "SKU", 10)]);

        act.Should().Throw<ArgumentException>().WithParameterName("allocatedQuantity");
    }

    [Test]
    public void A_restored_batch_rejects_lines_of_another_sku_or_a_repeated_order()
    {
        var otherSku = () => Batch.Restore("b1", "SKU", 100, null, 10, [new OrderLine("o1", "OTHER", 10)]);
        var repeated = () => Batch.Restore("b1", "SKU", 100, null, 20, [new OrderLine("o1", "SKU", 10), new OrderLine("o1", "SKU", 10)]);

        otherSku.Should().Throw<ArgumentException>();
        repeated.Should().Throw<ArgumentException>();
    }

    [TestCase(0, new int[0])]
    [TestCase(-3, new int[0])]
    [TestCase(1, new[] { 4 })]
    [TestCase(4, new[] { 4 })]
    [TestCase(5, new[] { 4, 2 })]
    [TestCase(7, new[] { 4, 2, 1 })]
    [TestCase(99, new[] { 4, 2, 1 })]
    public void Takes_back_the_newest_lines_until_what_is_left_fits(int excess, int[] taken)
    {
        int[] newestFirst = [4, 2, 1];

        Batch.NewestUntilItFits(newestFirst, quantity => quantity, excess).Should().Equal(taken);
    }
}
