using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Subscriptions;

/// <summary>Deletes the ids of handled inbound messages older than <see cref="EventsOptions.InboxRetention"/>, a chunk at a time.</summary>
internal sealed partial class InboxTrimmer(IInbox inbox, TimeProvider time, IOptions<EventsOptions> options, ILogger<InboxTrimmer> logger)
{
    public Task RunAsync(CancellationToken stopping) =>
        Periodically.RunAsync(TrimAsync, options.Value.RetentionInterval, time, e => LogFailed(logger, e), stopping);

    /// <summary>One round; returns how many ids were deleted.</summary>
    public async Task<int> TrimAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.InboxRetention;
        return await Periodically.InChunksAsync(
            max => inbox.TrimAsync(cutoff, max, cancellationToken), deleted => LogTrimmed(logger, deleted, options.Value.InboxRetention)).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} handled message id(s) older than {Retention} from the inbox")]
    private static partial void LogTrimmed(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not trim the inbox; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
