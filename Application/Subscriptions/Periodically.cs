namespace Allocation.Application.Subscriptions;

/// <summary>Background chores that run at an interval until the host stops: a failed round is reported and the next one runs on time.</summary>
internal static class Periodically
{
    /// <summary>Runs <paramref name="work"/> now and then every <paramref name="interval"/>, until <paramref name="stopping"/> is cancelled.</summary>
    public static async Task RunAsync(
        Func<CancellationToken, Task> work, TimeSpan interval, TimeProvider time, Action<Exception> failed, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await work(stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed(e);
                }

                await Task.Delay(interval, time, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>
    /// Runs a delete of at most a chunk until one deletes less than a chunk, so no call holds
    /// anything for long; reports and returns how many were deleted in all.
    /// </summary>
    public static async Task<int> InChunksAsync(Func<int, Task<int>> deleteChunk, Action<int> reportDeleted)
    {
        const int Chunk = 1000;
        var total = 0;
        int deleted;
        do
        {
            deleted = await deleteChunk(Chunk).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == Chunk);

        if (total > 0)
        {
            reportDeleted(total);
        }

        return total;
    }
}
