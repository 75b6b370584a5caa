using Allocation.Application.Commands;
using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Application.UseCases;

/// <summary>Adds a batch of stock, creating the product when it is the SKU's first batch.</summary>
/// <param name="runner">Runs the unit of work, with retries.</param>
internal sealed class AddBatchHandler(UnitOfWorkRunner runner) : ICommandHandler<AddBatch, string>
{
    public Task<string> HandleAsync(AddBatch command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runner.RunAsync("AddBatch", async (unitOfWork, ct) =>
        {
            var product = await ProductOfAsync(unitOfWork, command.Sku, ct).ConfigureAwait(false);
            product.AddBatch(command.Reference, command.Quantity, command.Eta);
            await unitOfWork.CommitAsync(ct).ConfigureAwait(false);
            return command.Reference;
        }, cancellationToken);
    }

    /// <summary>The SKU's product without its lines, added to the unit of work when the SKU is new.</summary>
    internal static async Task<Product> ProductOfAsync(IUnitOfWork unitOfWork, string sku, CancellationToken cancellationToken)
    {
        if (await unitOfWork.Products.GetAsync(sku, LinesToLoad.None, cancellationToken).ConfigureAwait(false) is { } product)
        {
            return product;
        }

        product = new Product(sku);
        await unitOfWork.Products.AddAsync(product, cancellationToken).ConfigureAwait(false);
        return product;
    }
}
