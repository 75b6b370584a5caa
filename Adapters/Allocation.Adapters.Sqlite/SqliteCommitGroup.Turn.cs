using Allocation.Application.Errors;

namespace Allocation.Adapters.Sqlite;

/// <summary>
/// The turn passes from hand to hand: a holder hands it to the first writer still waiting, or frees
/// it. A waiter that gives up withdraws atomically (<see cref="TaskCompletionSource.TrySetCanceled()"/>),
/// so it is either handed the turn and carries on, or never handed it: no turn is lost in between.
/// </summary>
internal sealed partial class SqliteCommitGroup
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waitingForTurn = new();
    private bool _turnTaken;

    private async Task TakeTurnAsync(CancellationToken cancellationToken)
    {
        var handed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_turnTaken)
            {
                _turnTaken = true;
                return;
            }

            _waitingForTurn.Enqueue(handed);
        }

        try
        {
            await handed.Task.WaitAsync(options.LockTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            if (handed.TrySetCanceled(CancellationToken.None))
            {
                // withdrawn: no holder can hand this writer the turn any more
                cancellationToken.ThrowIfCancellationRequested();
                throw new StoreUnavailableException(
                    $"Another writer held the SQLite database for longer than the lock timeout ({options.LockTimeout}). Try again.",
                    isTransient: false);
            }

            // Handed the turn as it gave up: the turn is this writer's.
            if (cancellationToken.IsCancellationRequested)
            {
                EndTurn();
                throw;
            }
        }
    }

    /// <summary>Hands the turn to the first writer still waiting, or frees it.</summary>
    private void PassTurn()
    {
        lock (_gate)
        {
            _turnTaken = TryHandOver();
        }
    }

    /// <summary>Under the gate: hands the turn to the first waiter that has not given up.</summary>
    private bool TryHandOver()
    {
        while (_waitingForTurn.TryDequeue(out var next))
        {
            if (next.TrySetResult())
            {
                return true;
            }
        }

        return false;
    }
}
