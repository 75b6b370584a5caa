namespace Allocation.Domain.Events;

/// <summary>
/// Something that happened to a <see cref="Product"/>. The aggregate records one for each change,
/// in order; a unit of work collects them (see <see cref="Product.Events"/>).
/// </summary>
public interface IDomainEvent
{
    /// <summary>The SKU of the product the event happened to.</summary>
    string Sku { get; }
}
