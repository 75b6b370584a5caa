using System.Runtime.ExceptionServices;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Domain.Errors;

namespace Allocation.Application;

/// <summary>
/// Coalesces concurrent allocations (ADR 0013). Allocations run in a fixed number of lanes, and
/// every allocation of a SKU runs in the same lane. While a unit of work allocates in a lane, the
/// allocations that arrive for it queue; then the first of them leads the next unit of work for
/// the queue's first <c>maxPerCommit</c> lines: each product loaded once (in SKU order, so lanes
/// never deadlock on each other's locks), the lines allocated in arrival order, one commit. Each
/// line succeeds or fails on its own (a refusal never fails a neighbour), and each caller hears
/// only after the commit that holds its line, so nothing is acknowledged that a crash could lose.
/// A failure of the unit of work itself (the store down, retries spent) fails every line in it,
/// none of them stored.
/// </summary>
internal sealed class AllocationCoalescer
{
    private readonly UnitOfWorkRunner _runner;
    private readonly int _maxPerCommit;
    private readonly Lane[] _lanes;

    public AllocationCoalescer(UnitOfWorkRunner runner, int maxPerCommit, int lanes)
    {
        _runner = runner;
        _maxPerCommit = maxPerCommit;
        _lanes = [.. Enumerable.Range(0, lanes).Select(_ => new Lane())];
    }

    public async Task<AllocationResult> AllocateAsync(OrderLine line, CancellationToken cancellationToken)
    {
        var queue = _lanes[LaneOf(line.Sku, _lanes.Length)];
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

    /// <summary>Allocates the lane's first lines (<paramref name="leader"/>'s among them) in one unit of work, then hands the lead on.</summary>
    private async Task<AllocationResult> LeadAsync(Lane queue, Request leader, CancellationToken cancellationToken)
    {
        List<Request> batch;
        lock (queue)
        {
            batch = new List<Request>(Math.Min(queue.Pending.Count, _maxPerCommit));
            while (batch.Count < _maxPerCommit && queue.Pending.TryDequeue(out var next))
            {
                batch.Add(next);
            }
        }

        object[] outcomes;
        try
        {
            // A lone line keeps its caller's cancellation; a shared unit of work is never cancelled by one caller.
            outcomes = await _runner.RunAsync(
                "Allocate", (unitOfWork, ct) => AllocateAllAsync(unitOfWork, batch, ct),
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
            HandOn(queue);
        }

        AllocationResult? own = null;
        for (var i = 0; i < batch.Count; i++)
        {
            AllocationTelemetry.CountRequest(outcomes[i]);
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

    /// <summary>The lane of a SKU: the same in every process and run (FNV-1a), so placement can be reasoned about.</summary>
    internal static int LaneOf(string sku, int lanes)
    {
        var hash = 2166136261u;
        foreach (var c in sku)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)lanes);
    }

    /// <summary>Gives the lead to the first line still queued, or ends the lane's leading when none is.</summary>
    private static void HandOn(Lane queue)
    {
        Request? next;
        lock (queue)
        {
            if (!queue.Pending.TryPeek(out next))
            {
                queue.Leading = false;
            }
        }

        next?.Signal.SetResult(null);
    }

    /// <summary>One attempt: load each product once with its orders' lines, allocate each line, commit.</summary>
    private static async Task<object[]> AllocateAllAsync(IUnitOfWork unitOfWork, List<Request> batch, CancellationToken cancellationToken)
    {
        var products = new Dictionary<string, Product?>(StringComparer.Ordinal);
        foreach (var sku in batch.Select(r => r.Line.Sku).Distinct().Order(StringComparer.Ordinal))
        {
            var orders = LinesToLoad.ForOrders(batch.Where(r => r.Line.Sku == sku).Select(r => r.Line.OrderId));
            products[sku] = await unitOfWork.Products.GetAsync(sku, orders, cancellationToken).ConfigureAwait(false);
        }

        var outcomes = new object[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var line = batch[i].Line;
            try
            {
                var product = products[line.Sku] ?? throw new InvalidSkuException(line.Sku);
                var repeat = product.HasAllocated(line);
                outcomes[i] = new AllocationResult(line.OrderId, line.Sku, line.Quantity, product.Allocate(line), repeat);
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

    /// <summary>The lines queued in one lane, and whether one of their callers is leading a unit of work.</summary>
    private sealed class Lane
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
