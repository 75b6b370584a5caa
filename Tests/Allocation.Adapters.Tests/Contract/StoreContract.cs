using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Adapters.Tests;

/// <summary>
/// What every store adapter must do, run against each of them by a small derived fixture.
/// The tests are grouped by topic in the StoreContract.*.cs files.
/// </summary>
public abstract partial class StoreContract
{
    protected static readonly DateOnly Today = new(2026, 11, 22);

    protected StoreUnderTest Store { get; private set; } = null!;

    protected abstract Task<StoreUnderTest> CreateStoreAsync();

    [SetUp]
    public async Task CreateStore() => Store = await CreateStoreAsync();

    [TearDown]
    public async Task DisposeStore() => await Store.DisposeAsync();

    protected async Task SeedAsync(string sku, params (string Reference, int Quantity, DateOnly? Eta)[] batches)
    {
        await using var uow = Store.UnitsOfWork.Create();
        var product = await uow.Products.GetAsync(sku, LinesToLoad.None);
        if (product is null)
        {
            product = new Product(sku);
            await uow.Products.AddAsync(product);
        }

        foreach (var (reference, quantity, eta) in batches)
        {
            product.AddBatch(reference, quantity, eta);
        }

        await uow.CommitAsync();
    }

    protected async Task AllocateAsync(string orderId, string sku, int quantity)
    {
        await using var uow = Store.UnitsOfWork.Create();
        var product = await uow.Products.GetAsync(sku, LinesToLoad.ForOrder(orderId));
        product!.Allocate(new OrderLine(orderId, sku, quantity));
        await uow.CommitAsync();
    }

    protected async Task<Product?> LoadAsync(string sku, LinesToLoad? lines = null)
    {
        await using var uow = Store.UnitsOfWork.Create();
        return await uow.Products.GetAsync(sku, lines ?? LinesToLoad.All);
    }
}
