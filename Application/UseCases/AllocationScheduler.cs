using Allocation.Domain;

namespace Allocation.Application.UseCases;

/// <summary>
/// Allocate's scheduler (ADR 0013). Lines run in a fixed number of lanes, each SKU always in the
/// same one. One caller at a time holds a lane's turn and runs one unit of work for the first lines
/// queued there (up to <c>maxPerCommit</c>, in arrival order, its own first); lines that arrive
/// meanwhile queue. When the unit of work ends, the turn is handed to the first line still queued,
/// whose caller runs the next one. Every caller hears its own line's outcome, and only after the
/// commit that holds it, so nothing is acknowledged that a crash could lose.
/// </summary>
internal sealed class AllocationScheduler
{
    private readonly Lane[] _lanes;
    private readonly int _maxPerCommit;
    private readonly Func<IReadOnlyList<OrderLine>, CancellationToken, Task<LineOutcome[]>> _allocateTogether;

    /// <param name="lanes">How many units of work may run side by side.</param>
    /// <param name="maxPerCommit">The most lines one unit of work takes.</param>
    /// <param name="allocateTogether">Allocates lines in one unit of work, an outcome for each, in order.</param>
    public AllocationScheduler(int lanes, int maxPerCommit, Func<IReadOnlyList<OrderLine>, CancellationToken, Task<LineOutcome[]>> allocateTogether)
    {
        _lanes = [.. Enumerable.Range(0, lanes).Select(_ => new Lane())];
        _maxPerCommit = maxPerCommit;
        _allocateTogether = allocateTogether;
    }

    /// <summary>Queues the line in its SKU's lane and answers its outcome once it is committed.</summary>
    public async Task<LineOutcome> AllocateAsync(OrderLine line, CancellationToken cancellationToken)
    {
        var lane = _lanes[LaneOf(line.Sku, _lanes.Length)];
        var queued = new QueuedLine(line);
        // Queued lines are not cancelled: each hears its outcome with its unit of work, a few ms away.
        if (!lane.Enqueue(queued) && await queued.Woken.ConfigureAwait(false) == Wake.Decided)
        {
            return queued.Outcome;
        }

        return await TakeTurnAsync(lane, queued, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Runs one unit of work for the lane's first lines, hands the turn on, then tells each of the others its outcome.</summary>
    private async Task<LineOutcome> TakeTurnAsync(Lane lane, QueuedLine own, CancellationToken cancellationToken)
    {
        var group = lane.Dequeue(_maxPerCommit);
        LineOutcome[] outcomes;
        try
        {
            // A lone line keeps its caller's cancellation; a shared unit of work is never cancelled by one caller.
            outcomes = await _allocateTogether([.. group.Select(q => q.Line)], group.Count == 1 ? cancellationToken : CancellationToken.None)
                .ConfigureAwait(false);
        }
#pragma warning disable CA1031 // not swallowed: every line of the group is told it
        catch (Exception failure)
#pragma warning restore CA1031
        {
            outcomes = [.. group.Select(_ => LineOutcome.Failed(failure))];
        }
        finally
        {
            lane.HandTurnOn();
        }

        for (var i = 1; i < group.Count; i++)
        {
            group[i].Decide(outcomes[i]);
        }

        return outcomes[0];
    }

    /// <summary>Why a queued line's caller woke: its outcome is decided, or the turn is its.</summary>
    private enum Wake
    {
        Decided,
        Turn,
    }

    /// <summary>The lines queued in one lane, and whether a caller holds its turn.</summary>
    private sealed class Lane
    {
        private readonly Queue<QueuedLine> _queued = new();
        private bool _turnTaken;

        /// <summary>Queues the line; true when its caller takes the turn at once.</summary>
        public bool Enqueue(QueuedLine line)
        {
            lock (_queued)
            {
                _queued.Enqueue(line);
                var takes = !_turnTaken;
                _turnTaken = true;
                return takes;
            }
        }

        /// <summary>The first lines queued, up to <paramref name="max"/>: the turn holder's own comes first.</summary>
        public List<QueuedLine> Dequeue(int max)
        {
            lock (_queued)
            {
                var group = new List<QueuedLine>(Math.Min(_queued.Count, max));
                while (group.Count < max && _queued.TryDequeue(out var next))
                {
                    group.Add(next);
                }

                return group;
            }
        }

        /// <summary>Gives the turn to the first line still queued, or frees it when none is.</summary>
        public void HandTurnOn()
        {
            QueuedLine? next;
            lock (_queued)
            {
                _turnTaken = _queued.TryPeek(out next);
            }

            next?.TakeTurn();
        }
    }

    /// <summary>A line waiting in its lane, and how its caller is woken.</summary>
    private sealed class QueuedLine(OrderLine line)
    {
        private readonly TaskCompletionSource<Wake> _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public OrderLine Line { get; } = line;

        public LineOutcome Outcome { get; private set; }

        public Task<Wake> Woken => _woken.Task;

        public void Decide(LineOutcome outcome)
        {
            Outcome = outcome;
            _woken.SetResult(Wake.Decided);
        }

        public void TakeTurn() => _woken.SetResult(Wake.Turn);
    }
}
