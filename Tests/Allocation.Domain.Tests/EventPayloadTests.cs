using Allocation.Domain.Events;

namespace Allocation.Domain.Tests;

/// <summary>The payload contract's one helper for stores: how an order's line events begin.</summary>
public sealed class EventPayloadTests
{
    [TestCase("o1")]
    [TestCase("o\"1\\<é>")]
    [TestCase("😀 order")]
    public void Every_line_event_of_an_order_begins_with_its_line_payload_start(string orderId)
    {
        IDomainEvent[] lineEvents =
        [
            new Allocated(orderId, "LAMP", 2, "b1"),
            new Deallocated(orderId, "LAMP", 2, "b1", TakenBack: true),
            new AllocationLost(orderId, "LAMP", 2, "b1"),
        ];

        lineEvents.Select(EventPayload.Write).Should().OnlyContain(payload => payload.StartsWith(EventPayload.LinePayloadStart(orderId), StringComparison.Ordinal));
    }

    [Test]
    public void An_order_id_that_starts_like_another_does_not_match_it() =>
        EventPayload.Write(new Allocated("o10", "LAMP", 1, "b1")).Should().NotStartWith(EventPayload.LinePayloadStart("o1"));
}
