using Allocation.Domain;

namespace Allocation.Application.Commands;

/// <summary>The built-in command handlers: each runs the <see cref="AllocationService"/> use case of the same name.</summary>
/// <param name="service">The use cases.</param>
internal sealed class AllocationCommandHandlers(AllocationService service) :
    ICommandHandler<AddBatch, string>,
    ICommandHandler<Allocate, AllocationResult>,
    ICommandHandler<Deallocate, string>,
    ICommandHandler<ChangeBatchQuantity, BatchQuantityChange?>
{
    public async Task<string> HandleAsync(AddBatch command, CancellationToken cancellationToken)
    {
        await service.AddBatchAsync(command.Reference, command.Sku, command.Quantity, command.Eta, cancellationToken).ConfigureAwait(false);
        return command.Reference;
    }

    public Task<AllocationResult> HandleAsync(Allocate command, CancellationToken cancellationToken) =>
        service.AllocateAsync(command.OrderId, command.Sku, command.Quantity, cancellationToken);

    public Task<string> HandleAsync(Deallocate command, CancellationToken cancellationToken) =>
        service.DeallocateAsync(command.OrderId, command.Sku, cancellationToken);

    public async Task<BatchQuantityChange?> HandleAsync(ChangeBatchQuantity command, CancellationToken cancellationToken) =>
        command.MessageId is { } messageId
            ? await service.ChangeBatchQuantityOnceAsync(messageId, command.Reference, command.Quantity, cancellationToken).ConfigureAwait(false)
            : await service.ChangeBatchQuantityAsync(command.Reference, command.Quantity, cancellationToken).ConfigureAwait(false);
}
