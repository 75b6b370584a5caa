namespace Allocation.Domain.Tests;

public sealed class OrderLineTests
{
    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    [TestCase("bad\nid")]
    [TestCase("nul\0")]
    public void Rejects_identifiers_that_are_blank_or_hold_control_characters(string? id)
    {
        var badOrder = () => new OrderLine(id!, "SKU", 1);
        var badSku = () => new OrderLine("order", id!, 1);

        badOrder.Should().Throw<ArgumentException>().WithParameterName("orderId");
        badSku.Should().Throw<ArgumentException>().WithParameterName("sku");
    }

    [Test]
    public void Accepts_identifiers_up_to_255_characters_and_rejects_longer_ones()
    {
        var longest = new string('x', Identifier.MaxLength);

        new OrderLine(longest, longest, 1).OrderId.Should().HaveLength(255);
        var tooLong = () => new OrderLine(longest + "x", "SKU", 1);
        tooLong.Should().Throw<ArgumentException>().WithMessage("*at most 255*");
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void Rejects_a_quantity_below_one(int quantity)
    {
        var act = () => new OrderLine("order", "SKU", quantity);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Unicode_and_quotes_are_valid_identifiers()
    {
        var line = new OrderLine("o'1\"; DROP TABLE", "ЖИРАФ-🦒", 3);

        line.Sku.Should().Be("ЖИРАФ-🦒");
        line.OrderId.Should().Be("o'1\"; DROP TABLE");
    }

    [Test]
    public void Lines_are_values()
    {
        new OrderLine("o1", "SKU", 2).Should().Be(new OrderLine("o1", "SKU", 2));
        new OrderLine("o1", "SKU", 2).Should().NotBe(new OrderLine("o1", "SKU", 3));
    }

    [Test]
    public void Validate_explains_what_is_wrong()
    {
        Identifier.Validate("ok").Should().BeNull();
        Identifier.Validate(" ").Should().Be("must not be blank");
        Identifier.Validate(new string('x', 256)).Should().Be("must be at most 255 characters (got 256)");
        Identifier.Validate("a\tb").Should().Be("must not contain control characters");
    }
}
