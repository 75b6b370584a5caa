using Allocation.Adapters.Redis;
using Allocation.Domain.Events;

namespace Allocation.Adapters.Tests.Redis;

/// <summary>The Redis wire formats: the reference's line_allocated text, and change_batch_quantity validated once.</summary>
public sealed class RedisMessageTests
{
    [Test]
    public void Line_allocated_is_byte_for_byte_what_the_reference_publishes()
    {
        // Expected strings are Python 3.11's json.dumps of the same dataclass.
        ReferenceJson.LineAllocated(new Allocated("order1", "SMALL-TABLE", 10, "later"))
            .Should().Be("""{"orderid": "order1", "sku": "SMALL-TABLE", "qty": 10, "batchref": "later"}""");
        ReferenceJson.LineAllocated(new Allocated("ö\"1", "😀 x", 3, "a\\b\u007f"))
            .Should().Be("""{"orderid": "\u00f6\"1", "sku": "\ud83d\ude00 x", "qty": 3, "batchref": "a\\b\u007f"}""");
    }

    [Test]
    public void A_valid_message_becomes_a_command_carrying_its_message_id()
    {
        var (command, reason) = ChangeBatchQuantityMessage.Read("""{"batchref": "b1", "qty": 5, "extra": true}""", "redis:s:1-0");

        reason.Should().BeNull();
        command.Should().Be(new Application.Commands.ChangeBatchQuantity("b1", 5, "redis:s:1-0"));
    }

    [TestCase(null, "empty message")]
    [TestCase("not json", "bad JSON")]
    [TestCase("[1]", "expected an object")]
    [TestCase("""{"qty": 1}""", "missing field batchref")]
    [TestCase("""{"batchref": "b1"}""", "missing field qty")]
    [TestCase("""{"batchref": 7, "qty": 1}""", "batchref must be a string")]
    [TestCase("""{"batchref": " ", "qty": 1}""", "batchref must not be blank")]
    [TestCase("""{"batchref": "b1", "qty": "5"}""", "qty must be a whole number")]
    [TestCase("""{"batchref": "b1", "qty": 1.5}""", "qty must be a whole number")]
    [TestCase("""{"batchref": "b1", "qty": 99999999999}""", "qty must be a whole number")]
    [TestCase("""{"batchref": "b1", "qty": -1}""", "qty must be at least 0")]
    public void A_bad_message_gets_a_reason_and_no_command(string? payload, string reason)
    {
        var (command, why) = ChangeBatchQuantityMessage.Read(payload, "redis:s:1-0");

        command.Should().BeNull();
        why.Should().Contain(reason);
    }
}
