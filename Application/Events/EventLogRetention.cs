using Microsoft.Extensions.Logging;

namespace Allocation.Application.Events;

/// <summary>
/// Deletes events older than the retention period, a small chunk at a time, never past the
/// checkpoint of a subscriber that was active within that period (so no live subscriber misses one).
/// </summary>
internal sealed partial class EventLogRetention(EventDispatcher.Ports ports, EventsOptions options, ILogger logger)
{
    private const int Chunk = 1000;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    var deleted = await TrimAsync(stopping).ConfigureAwait(false);
                    if (deleted > 0)
                    {
                        LogTrimmed(logger, deleted, options.Retention);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e);
                }

                await Task.Delay(options.RetentionInterval, ports.Time, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping
        }
    }

    public async Task<int> TrimAsync(CancellationToken cancellationToken)
    {
        var cutoff = ports.Time.GetUtcNow() - options.Retention;
        var active = (await ports.Subscriptions.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.UpdatedAt >= cutoff).ToList();
        var upTo = active.Count == 0 ? long.MaxValue : active.Min(s => s.Position);
        var total = 0;
        int deleted;
        do
        {
            deleted = await ports.Log.TrimAsync(cutoff, upTo, Chunk, cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == Chunk);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} event(s) older than {Retention} from the event log")]
    private static partial void LogTrimmed(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not trim the event log; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
