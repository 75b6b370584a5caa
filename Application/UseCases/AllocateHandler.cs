using Allocation.Application.Commands;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Domain.Errors;

namespace Allocation.Application.UseCases;

/// <summary>
/// Allocates an order line: warehouse stock first, then the earliest ETA; repeating an identical
/// allocation answers the batch the line already has. Concurrent allocations share units of work
/// through the <see cref="AllocationScheduler"/>: each line still succeeds or fails on its own.
/// </summary>
internal sealed class AllocateHandler : ICommandHandler<Allocate, AllocationResult>
{
    private readonly UnitOfWorkRunner _runner;
    private readonly AllocationScheduler _scheduler;

    /// <param name="runner">Runs each unit of work, with retries.</param>
    /// <param name="options">How many lines share a commit, and in how many lanes.</param>
    /// <param name="concurrentWriters">How many writers the store lets progress side by side, when it limits them.</param>
    public AllocateHandler(UnitOfWorkRunner runner, AllocationOptions options, int? concurrentWriters)
    {
        _runner = runner;
        var lanes = options.AllocationLanes is > 0 and var chosen ? chosen : concurrentWriters ?? 4 * Environment.ProcessorCount;
        _scheduler = new AllocationScheduler(lanes, options.MaxAllocationsPerCommit, AllocateTogetherAsync);
    }

    public async Task<AllocationResult> HandleAsync(Allocate command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        // A SKU no product could have names no product: the same answer as an unknown one. Checked
        // here, so a bad line fails its own caller and never a unit of work shared with others.
        var outcome = Identifier.Validate(command.Sku) is null
            ? await _scheduler.AllocateAsync(new OrderLine(command.OrderId, command.Sku, command.Quantity), cancellationToken).ConfigureAwait(false)
            : LineOutcome.Failed(new InvalidSkuException(command.Sku));
        AllocationTelemetry.CountRequest(outcome);
        return outcome.ResultOrThrow();
    }

    private Task<LineOutcome[]> AllocateTogetherAsync(IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken) =>
        _runner.RunAsync("Allocate", (unitOfWork, ct) => AllocateInAsync(unitOfWork, lines, ct), cancellationToken);

    /// <summary>One attempt: each product loaded once (in SKU order, so lanes never deadlock) with its orders' lines, each line allocated, one commit.</summary>
    private static async Task<LineOutcome[]> AllocateInAsync(IUnitOfWork unitOfWork, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        var products = new Dictionary<string, Product?>(StringComparer.Ordinal);
        foreach (var sku in lines.Select(l => l.Sku).Distinct().Order(StringComparer.Ordinal))
        {
            var orders = LinesToLoad.ForOrders(lines.Where(l => l.Sku == sku).Select(l => l.OrderId));
            products[sku] = await unitOfWork.Products.GetAsync(sku, orders, cancellationToken).ConfigureAwait(false);
        }

        var outcomes = new LineOutcome[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            try
            {
                var product = products[line.Sku] ?? throw new InvalidSkuException(line.Sku);
                var repeat = product.HasAllocated(line);
                outcomes[i] = LineOutcome.Allocated(new AllocationResult(line.OrderId, line.Sku, line.Quantity, product.Allocate(line), repeat));
            }
            catch (AllocationException refused)
            {
                // Nothing changed but, for a lack of stock, an OutOfStock event: it commits with the rest (ADR 0009).
                outcomes[i] = LineOutcome.Failed(refused);
            }
        }

        await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
        AllocationTelemetry.CountCommitted(outcomes);
        return outcomes;
    }
}
