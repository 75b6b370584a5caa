using Allocation.Application.Commands;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Allocation.Domain;
using Allocation.Domain.Errors;

namespace Allocation.Application;

/// <summary>The bulk import's use case: a chunk of batches added in one unit of work, idempotently.</summary>
public sealed partial class AllocationService
{
    /// <summary>
    /// Adds many batches in one unit of work (a chunk of a bulk import), idempotently: a batch whose
    /// reference exists with the same SKU, quantity and ETA is reported as already present, one
    /// that exists with other values (or appears twice in <paramref name="batches"/>) is refused, the
    /// rest are added together. Running the same import twice adds nothing the second time.
    /// </summary>
    /// <param name="batches">The chunk, in file order; a few thousand at most.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One outcome per batch, in the same order.</returns>
    /// <exception cref="StoreUnavailableException">The store is unavailable; nothing of the chunk was added.</exception>
    public async Task<IReadOnlyList<BatchImportOutcome>> ImportBatchesAsync(IReadOnlyList<AddBatch> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var outcomes = new BatchImportOutcome[batches.Count];
        var fresh = new List<int>();
        var references = new HashSet<string>(StringComparer.Ordinal);
        // One read for the whole chunk tells which rows are there already (a re-run loads no product at all).
        var present = (await _queries.BatchesAsync([.. batches.Select(b => b.Reference)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(b => b.Reference, StringComparer.Ordinal);
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            if (!references.Add(batch.Reference))
            {
                outcomes[i] = new(batch, BatchImportResult.Refused, $"batch {batch.Reference} appears earlier in the same chunk");
            }
            else if (present.TryGetValue(batch.Reference, out var existing))
            {
                outcomes[i] = Compared(batch, existing);
            }
            else
            {
                fresh.Add(i);
            }
        }

        try
        {
            await _runner.RunAsync("ImportBatches", async (unitOfWork, ct) =>
            {
                foreach (var sku in fresh.Select(i => batches[i].Sku).Distinct().Order(StringComparer.Ordinal))
                {
                    var product = await unitOfWork.Products.GetAsync(sku, LinesToLoad.None, ct).ConfigureAwait(false);
                    if (product is null)
                    {
                        product = new Product(sku);
                        await unitOfWork.Products.AddAsync(product, ct).ConfigureAwait(false);
                    }

                    foreach (var batch in fresh.Select(i => batches[i]).Where(b => b.Sku == sku))
                    {
                        product.AddBatch(batch.Reference, batch.Quantity, batch.Eta);
                    }
                }

                await unitOfWork.CommitAsync(ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            fresh.ForEach(i => outcomes[i] = new(batches[i], BatchImportResult.Added));
        }
        catch (DuplicateBatchException)
        {
            // Another writer added one of these references meanwhile: add them one at a time instead.
            foreach (var i in fresh)
            {
                var batch = batches[i];
                try
                {
                    await AddBatchAsync(batch.Reference, batch.Sku, batch.Quantity, batch.Eta, cancellationToken).ConfigureAwait(false);
                    outcomes[i] = new(batch, BatchImportResult.Added);
                }
                catch (DuplicateBatchException)
                {
                    outcomes[i] = await _queries.BatchAsync(batch.Reference, cancellationToken).ConfigureAwait(false) is { } existing
                        ? Compared(batch, existing)
                        : new(batch, BatchImportResult.Refused, $"batch {batch.Reference} already exists");
                }
            }
        }

        return outcomes;
    }

    private static BatchImportOutcome Compared(AddBatch batch, BatchView existing) =>
        existing.Sku == batch.Sku && existing.PurchasedQuantity == batch.Quantity && existing.Eta == batch.Eta
            ? new(batch, BatchImportResult.AlreadyPresent)
            : new(batch, BatchImportResult.Refused,
                $"batch {batch.Reference} already exists with sku {existing.Sku}, qty {existing.PurchasedQuantity}, eta {existing.Eta?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
}
