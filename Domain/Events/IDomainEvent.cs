namespace Allocation.Domain.Events;

/// <summary>
/// Something that happened to a <see cref="Product"/>. The aggregate records one for each change,
/// in order (see <see cref="Product.Events"/>). The unit of work writes what they say, and stores
/// them in the event log in the same transaction.
/// </summary>
public interface IDomainEvent
{
    /// <summary>The SKU of the product the event happened to.</summary>
    string Sku { get; }
}
