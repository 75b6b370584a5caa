using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Subscriptions;

/// <summary>
/// Deletes events older than <see cref="EventsOptions.Retention"/>, a chunk at a time, never past
/// the checkpoint of a subscriber that was active within that period, so no live subscriber misses one.
/// </summary>
internal sealed partial class EventLogTrimmer(
    IEventLog log, ISubscriptionStore subscriptions, TimeProvider time, IOptions<EventsOptions> options, ILogger<EventLogTrimmer> logger)
{
    public Task RunAsync(CancellationToken stopping) =>
        Periodically.RunAsync(TrimAsync, options.Value.RetentionInterval, time, e => LogFailed(logger, e), stopping);

    /// <summary>One round; returns how many events were deleted.</summary>
    public async Task<int> TrimAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        var active = (await subscriptions.ListAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.UpdatedAt >= cutoff).ToList();
        var upTo = active.Count == 0 ? long.MaxValue : active.Min(s => s.Position);
        return await Periodically.InChunksAsync(
            max => log.TrimAsync(cutoff, upTo, max, cancellationToken), deleted => LogTrimmed(logger, deleted, options.Value.Retention)).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} event(s) older than {Retention} from the event log")]
    private static partial void LogTrimmed(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not trim the event log; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
