namespace Allocation.Application.Events;

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
}
