using System.Globalization;
using Allocation.Application.Commands;
using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Allocation.Domain.Errors;

namespace Allocation.Application.UseCases;

/// <summary>
/// Adds a chunk of batches in one unit of work, idempotently: one read tells which references are
/// there already, the new ones are added together, and if another writer adds one of them
/// meanwhile the chunk falls back to adding them one at a time.
/// </summary>
/// <param name="runner">Runs the unit of work, with retries.</param>
/// <param name="queries">Reads the batches already present.</param>
/// <param name="addBatch">Adds one batch, for the fallback.</param>
internal sealed class ImportBatchesHandler(UnitOfWorkRunner runner, IAllocationQueries queries, ICommandHandler<AddBatch, string> addBatch)
    : ICommandHandler<ImportBatches, IReadOnlyList<BatchImportOutcome>>
{
    public async Task<IReadOnlyList<BatchImportOutcome>> HandleAsync(ImportBatches command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var batches = command.Batches;
        var outcomes = new BatchImportOutcome[batches.Count];
        var fresh = new List<int>();
        var references = new HashSet<string>(StringComparer.Ordinal);
        // A re-run loads no product at all: every reference is present.
        var present = (await queries.BatchesAsync([.. batches.Select(b => b.Reference)], cancellationToken).ConfigureAwait(false))
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

        if (await AddTogetherAsync([.. fresh.Select(i => batches[i])], cancellationToken).ConfigureAwait(false))
        {
            fresh.ForEach(i => outcomes[i] = new(batches[i], BatchImportResult.Added));
        }
        else
        {
            foreach (var i in fresh)
            {
                outcomes[i] = await AddAloneAsync(batches[i], cancellationToken).ConfigureAwait(false);
            }
        }

        return outcomes;
    }

    /// <summary>Adds the batches in one unit of work, products in SKU order; false when one of the references was taken meanwhile.</summary>
    private async Task<bool> AddTogetherAsync(AddBatch[] fresh, CancellationToken cancellationToken)
    {
        if (fresh.Length == 0)
        {
            return true;
        }

        try
        {
            return await runner.RunAsync("ImportBatches", async (unitOfWork, ct) =>
            {
                foreach (var group in fresh.GroupBy(b => b.Sku, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var product = await AddBatchHandler.ProductOfAsync(unitOfWork, group.Key, ct).ConfigureAwait(false);
                    foreach (var batch in group)
                    {
                        product.AddBatch(batch.Reference, batch.Quantity, batch.Eta);
                    }
                }

                await unitOfWork.CommitAsync(ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateBatchException)
        {
            return false;
        }
    }

    private async Task<BatchImportOutcome> AddAloneAsync(AddBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await addBatch.HandleAsync(batch, cancellationToken).ConfigureAwait(false);
            return new(batch, BatchImportResult.Added);
        }
        catch (DuplicateBatchException)
        {
            return await queries.BatchAsync(batch.Reference, cancellationToken).ConfigureAwait(false) is { } existing
                ? Compared(batch, existing)
                : new(batch, BatchImportResult.Refused, $"batch {batch.Reference} already exists");
        }
    }

    private static BatchImportOutcome Compared(AddBatch batch, BatchView existing) =>
        existing.Sku == batch.Sku && existing.PurchasedQuantity == batch.Quantity && existing.Eta == batch.Eta
            ? new(batch, BatchImportResult.AlreadyPresent)
            : new(batch, BatchImportResult.Refused,
                $"batch {batch.Reference} already exists with sku {existing.Sku}, qty {existing.PurchasedQuantity}, eta {existing.Eta?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none"}");
}
