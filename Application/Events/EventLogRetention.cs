using Microsoft.Extensions.Logging;

namespace Allocation.Application.Events;

/// <summary>
/// Deletes events older than the retention period, a small chunk at a time, never past the
/// checkpoint of a subscriber that was active within that period (so no live subscriber misses one);
/// and inbox ids older than their own retention period, the same way.
/// </summary>
internal sealed partial class EventLogRetention(EventDispatcher.Ports ports, EventsOptions options, ILogger logger)
{
    private const int Chunk = 1000;

    public Task RunAsync(CancellationToken stopping) =>
        Periodically.RunAsync(TrimAllAsync, options.RetentionInterval, ports.Time, e => LogFailed(logger, e), stopping);

    /// <summary>One round: the event log, then the inbox.</summary>
    private async Task TrimAllAsync(CancellationToken cancellationToken)
    {
        var deleted = await TrimAsync(cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            LogTrimmed(logger, deleted, options.Retention);
        }

        var forgotten = await TrimInboxAsync(cancellationToken).ConfigureAwait(false);
        if (forgotten > 0)
        {
            LogInboxTrimmed(logger, forgotten, options.InboxRetention);
        }
    }

    public async Task<int> TrimAsync(CancellationToken cancellationToken)
    {
        var cutoff = ports.Time.GetUtcNow() - options.Retention;
        var active = (await ports.Subscriptions.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.UpdatedAt >= cutoff).ToList();
        var upTo = active.Count == 0 ? long.MaxValue : active.Min(s => s.Position);
        return await InChunksAsync(max => ports.Log.TrimAsync(cutoff, upTo, max, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Deletes the inbox ids older than <see cref="EventsOptions.InboxRetention"/>; 0 when the store has no inbox.</summary>
    public async Task<int> TrimInboxAsync(CancellationToken cancellationToken)
    {
        if (ports.Inbox is not { } inbox)
        {
            return 0;
        }

        var cutoff = ports.Time.GetUtcNow() - options.InboxRetention;
        return await InChunksAsync(max => inbox.TrimAsync(cutoff, max, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Runs a delete of at most a chunk until one deletes less than a chunk; returns how many were deleted in all.</summary>
    private static async Task<int> InChunksAsync(Func<int, Task<int>> deleteChunk)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await deleteChunk(Chunk).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == Chunk);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} event(s) older than {Retention} from the event log")]
    private static partial void LogTrimmed(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} handled message id(s) older than {Retention} from the inbox")]
    private static partial void LogInboxTrimmed(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not trim the event log or the inbox; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
