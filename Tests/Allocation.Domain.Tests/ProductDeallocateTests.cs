using Allocation.Domain.Errors;
using Allocation.Domain.Events;
using static Allocation.Domain.Tests.Builders;

namespace Allocation.Domain.Tests;

public sealed class ProductDeallocateTests
{
    [Test]
    public void Deallocating_releases_the_line_and_returns_its_batch()
    {
        var product = ProductWith("LAMP", ("b1", 20, null));
        product.Allocate(new OrderLine("o1", "LAMP", 5));
        product = Reloaded(product);

        product.Deallocate("o1").Should().Be("b1");

        product.BatchOf("b1").AvailableQuantity.Should().Be(20);
        product.VersionNumber.Should().Be(3);
        product.Events.Should().Equal(new Deallocated("o1", "LAMP", 5, "b1"));
    }

    [Test]
    public void Deallocating_a_line_the_order_does_not_hold_fails_and_changes_nothing()
    {
        var product = ProductWith("LAMP", ("b1", 20, null));

        var act = () => product.Deallocate("nobody");

        act.Should().Throw<LineNotAllocatedException>()
            .Which.Should().Match<LineNotAllocatedException>(e => e.Code == "line-not-allocated" && e.OrderId == "nobody" && e.Sku == "LAMP");
        product.VersionNumber.Should().Be(1);
        product.Events.Should().BeEmpty();
    }

    [Test]
    public void A_deallocated_line_can_be_allocated_again()
    {
        var product = ProductWith("LAMP", ("b1", 20, null));
        product.Allocate(new OrderLine("o1", "LAMP", 5));
        product.Deallocate("o1");

        product.Allocate(new OrderLine("o1", "LAMP", 7)).Should().Be("b1");

        product.BatchOf("b1").AllocatedQuantity.Should().Be(7);
    }
}
