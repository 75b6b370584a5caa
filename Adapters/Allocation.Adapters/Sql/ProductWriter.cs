using Allocation.Adapters.Tracking;
using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Turns a product's changes into the statements of a commit. The version check comes first,
/// so a stale unit of work fails before it writes anything else. Batch totals are updated before
/// the allocation rows that reference them: the transaction then holds the batch row's update
/// lock before the foreign-key check asks for a share lock on it, rather than the reverse (which,
/// with concurrent optimistic writers, made PostgreSQL 15 fail with "new multixact has more than
/// one updating member").
/// </summary>
internal static class ProductWriter
{
    public static IEnumerable<SqlWrite> Writes(ProductChanges changes)
    {
        var sku = changes.Product.Sku;
        var expected = changes.ExpectedVersion;
        Exception Conflict() => new ConcurrencyConflictException(sku, expected);

        yield return expected is null
            ? new SqlWrite(
                "INSERT INTO products (sku, version_number) VALUES (@Sku, @Next);",
                Parameters(("Sku", sku), ("Next", changes.Product.VersionNumber)),
                OnConflict: Conflict, OnDuplicate: Conflict)
            : new SqlWrite(
                "UPDATE products SET version_number = @Next WHERE sku = @Sku AND version_number = @Expected;",
                Parameters(("Sku", sku), ("Next", changes.Product.VersionNumber), ("Expected", expected)),
                ExpectedRows: 1, OnConflict: Conflict);

        foreach (var batch in changes.AddedBatches)
        {
            yield return new SqlWrite(
                "INSERT INTO batches (reference, sku, purchased_quantity, allocated_quantity, eta) " +
                "VALUES (@Reference, @Sku, @Purchased, @Allocated, @Eta);",
                Parameters(("Reference", batch.Reference), ("Sku", sku), ("Purchased", batch.PurchasedQuantity),
                    ("Allocated", batch.AllocatedQuantity), ("Eta", batch.Eta)),
                OnConflict: Conflict, OnDuplicate: () => new DuplicateBatchException(batch.Reference));
        }

        foreach (var batch in changes.UpdatedBatches)
        {
            yield return new SqlWrite(
                "UPDATE batches SET purchased_quantity = @Purchased, allocated_quantity = @Allocated WHERE reference = @Reference;",
                Parameters(("Reference", batch.Reference), ("Purchased", batch.PurchasedQuantity), ("Allocated", batch.AllocatedQuantity)),
                ExpectedRows: 1, OnConflict: Conflict);
        }

        foreach (var line in changes.RemovedLines)
        {
            yield return new SqlWrite(
                "DELETE FROM allocations WHERE orderid = @OrderId AND sku = @Sku;",
                Parameters(("OrderId", line.OrderId), ("Sku", sku)),
                ExpectedRows: 1, OnConflict: Conflict);
        }

        foreach (var (line, reference) in changes.AddedLines)
        {
            yield return new SqlWrite(
                "INSERT INTO allocations (orderid, sku, quantity, batch_id) " +
                "SELECT @OrderId, @Sku, @Quantity, id FROM batches WHERE reference = @Reference;",
                Parameters(("OrderId", line.OrderId), ("Sku", sku), ("Quantity", line.Quantity), ("Reference", reference)),
                ExpectedRows: 1, OnConflict: Conflict, OnDuplicate: Conflict);
        }

    }

    private static Dictionary<string, object?> Parameters(params (string Name, object? Value)[] values) =>
        values.ToDictionary(value => value.Name, value => value.Value, StringComparer.Ordinal);
}
