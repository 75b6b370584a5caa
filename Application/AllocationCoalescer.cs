using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Domain.Errors;

namespace Allocation.Application;

/// <summary>
/// Coalesces concurrent allocations of one product (ADR 0013). While a unit of work allocates for
/// a SKU, the allocations that arrive for it queue here; then the first of them leads the next
/// unit of work for all of them, up to <c>maxPerCommit</c>: one load, one lock, one commit and
/// one version bump for the lot, events in arrival order. Each line succeeds or fails on its own
/// (a refusal never fails a neighbour), and each caller hears only after the commit that holds its
/// line, so nothing is acknowledged that a crash could lose. A failure of the unit of work itself
/// (the store down, retries spent) fails every line in it, none of them stored.
/// </summary>
internal sealed class AllocationCoalescer(UnitOfWorkRunner runner, int maxPerCommit)
{
    private readonly ConcurrentDictionary<string, SkuQueue> _queues = new(StringComparer.Ordinal);

    public async Task<AllocationResult> AllocateAsync(OrderLine line, CancellationToken cancellationToken)
    {
        var queue = _queues.GetOrAdd(line.Sku, static _ => new SkuQueue());
        var request = new Request(line);
        bool lead;
        lock (queue)
        {
            queue.Pending.Enqueue(request);
            lead = !queue.Leading;
            queue.Leading = true;
        }

        if (!lead)
        {
            // Queued lines are not cancelled: each completes with its unit of work, a few ms away.
            var outcome = await request.Signal.Task.ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }
        }

        return await LeadAsync(queue, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Allocates the queue's first lines (<paramref name="leader"/>'s among them) in one unit of work, then hands the lead on.</summary>
    private async Task<AllocationResult> LeadAsync(SkuQueue queue, Request leader, CancellationToken cancellationToken)
    {
        List<Request> batch;
        lock (queue)
        {
            batch = new List<Request>(Math.Min(queue.Pending.Count, maxPerCommit));
            while (batch.Count < maxPerCommit && queue.Pending.TryDequeue(out var next))
            {
                batch.Add(next);
            }
        }

        object[] outcomes;
        try
        {
            // A lone line keeps its caller's cancellation; a shared unit of work is never cancelled by one caller.
            outcomes = await runner.RunAsync(
                "Allocate", (unitOfWork, ct) => AllocateAllAsync(unitOfWork, leader.Line.Sku, batch, ct),
                batch.Count == 1 ? cancellationToken : CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // not swallowed: every caller in the batch gets it
        catch (Exception failure)
#pragma warning restore CA1031
        {
            outcomes = [.. batch.Select(_ => (object)failure)];
        }
        finally
        {
            HandOn(queue, leader.Line.Sku);
        }

        AllocationResult? own = null;
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] == leader)
            {
                own = outcomes[i] as AllocationResult;
            }
            else if (outcomes[i] is AllocationResult result)
            {
                batch[i].Signal.SetResult(result);
            }
            else
            {
                batch[i].Signal.SetException((Exception)outcomes[i]);
            }
        }

        if (own is null)
        {
            ExceptionDispatchInfo.Throw((Exception)outcomes[batch.IndexOf(leader)]);
        }

        return own;
    }

    /// <summary>Gives the lead to the first line still queued, or ends the queue's leading when none is.</summary>
    private void HandOn(SkuQueue queue, string sku)
    {
        Request? next;
        lock (queue)
        {
            if (!queue.Pending.TryPeek(out next))
            {
                queue.Leading = false;
                _queues.TryRemove(KeyValuePair.Create(sku, queue));
            }
        }

        next?.Signal.SetResult(null);
    }

    /// <summary>One attempt: load the product with the batch's orders' lines, allocate each line, commit.</summary>
    private static async Task<object[]> AllocateAllAsync(IUnitOfWork unitOfWork, string sku, List<Request> batch, CancellationToken cancellationToken)
    {
        var product = await unitOfWork.Products.GetAsync(sku, LinesToLoad.ForOrders(batch.Select(r => r.Line.OrderId)), cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidSkuException(sku);
        var outcomes = new object[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var line = batch[i].Line;
            try
            {
                var repeat = product.HasAllocated(line);
                outcomes[i] = new AllocationResult(line.OrderId, sku, line.Quantity, product.Allocate(line), repeat);
            }
            catch (AllocationException refused)
            {
                // Nothing changed but, for a lack of stock, an OutOfStock event: it commits with the rest (ADR 0009).
                outcomes[i] = refused;
            }
        }

        await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
        AllocationTelemetry.CommitSize.Record(batch.Count);
        foreach (var outcome in outcomes)
        {
            switch (outcome)
            {
                case AllocationResult { WasAlreadyAllocated: false }:
                    AllocationTelemetry.Allocations.Add(1);
                    break;
                case OutOfStockException:
                    AllocationTelemetry.OutOfStock.Add(1);
                    break;
            }
        }

        return outcomes;
    }

    /// <summary>The lines queued for one SKU, and whether one of their callers is leading a unit of work.</summary>
    private sealed class SkuQueue
    {
        public Queue<Request> Pending { get; } = new();

        public bool Leading { get; set; }
    }

    /// <summary>A queued line. Its signal carries its result, its failure, or <see langword="null"/>: "lead the next unit of work".</summary>
    private sealed class Request(OrderLine line)
    {
        public OrderLine Line { get; } = line;

        public TaskCompletionSource<AllocationResult?> Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
