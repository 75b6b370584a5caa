using Allocation.Domain;

namespace Allocation.Application.Ports;

/// <summary>
/// The products of a unit of work. The repository serves use cases that change products: a load
/// takes the product's writer lock for the rest of the unit of work, so writers of one product
/// queue rather than conflict. Read-only callers use <see cref="IAllocationQueries"/>, which never locks.
/// A product loaded twice in one unit of work is the same instance.
/// </summary>
public interface IProductRepository
{
    /// <summary>Tracks a new product so that the unit of work inserts it on commit.</summary>
    /// <param name="product">A product that is not in the store yet.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the product is tracked.</returns>
    Task AddAsync(Product product, CancellationToken cancellationToken = default);

    /// <summary>Loads the product of a SKU for a change, with its batches, their totals and the lines asked for.</summary>
    /// <param name="sku">The product's SKU.</param>
    /// <param name="lines">Which allocated order lines to load along with the batches.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The product, or <see langword="null"/> when the SKU is unknown.</returns>
    /// <exception cref="Errors.StoreUnavailableException">The store could not be reached, or the writer lock was not granted in time.</exception>
    Task<Product?> GetAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken = default);

    /// <summary>Loads, for a change, the product that owns the batch with this reference.</summary>
    /// <param name="reference">A batch reference.</param>
    /// <param name="lines">Which allocated order lines to load along with the batches.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The product, or <see langword="null"/> when no batch has that reference.</returns>
    /// <exception cref="Errors.StoreUnavailableException">The store could not be reached, or the writer lock was not granted in time.</exception>
    Task<Product?> GetByBatchReferenceAsync(string reference, LinesToLoad lines, CancellationToken cancellationToken = default);
}
