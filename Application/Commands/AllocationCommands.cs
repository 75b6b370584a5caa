using Allocation.Application.Reads;
using Allocation.Domain;

namespace Allocation.Application.Commands;

/// <summary>Add a batch of stock (the book's <c>CreateBatch</c>).</summary>
/// <param name="Reference">The batch's reference, unique across all products.</param>
/// <param name="Sku">The SKU it holds.</param>
/// <param name="Quantity">The units bought; zero or more.</param>
/// <param name="Eta">When it arrives; <see langword="null"/> when it is in the warehouse.</param>
public sealed record AddBatch(string Reference, string Sku, int Quantity, DateOnly? Eta) : ICommand<string>;

/// <summary>Allocate an order line.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The SKU ordered.</param>
/// <param name="Quantity">The units ordered; at least 1.</param>
public sealed record Allocate(string OrderId, string Sku, int Quantity) : ICommand<AllocationResult>;

/// <summary>Release an order's line of a SKU.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The SKU.</param>
public sealed record Deallocate(string OrderId, string Sku) : ICommand<string>;

/// <summary>Set a batch's purchased quantity; lines that no longer fit move or lose their stock.</summary>
/// <param name="Reference">The batch.</param>
/// <param name="Quantity">Its new purchased quantity; zero or more.</param>
/// <param name="MessageId">
/// The id of the message that carried the command, when it may arrive more than once: it is recorded
/// with the change, and a repeat changes nothing (the result is then <see langword="null"/>).
/// </param>
public sealed record ChangeBatchQuantity(string Reference, int Quantity, string? MessageId = null) : ICommand<BatchQuantityChange?>;

/// <summary>
/// Add many batches in one unit of work, idempotently (a chunk of a bulk import): a batch whose
/// reference exists with the same SKU, quantity and ETA is reported as already present; one that
/// exists with other values, or appears twice in the chunk, is refused; the rest are added together.
/// Running the same import twice adds nothing the second time.
/// </summary>
/// <param name="Batches">The chunk, in file order; a few thousand at most.</param>
public sealed record ImportBatches(IReadOnlyList<AddBatch> Batches) : ICommand<IReadOnlyList<BatchImportOutcome>>;
