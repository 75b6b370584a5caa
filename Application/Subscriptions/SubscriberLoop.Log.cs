using Microsoft.Extensions.Logging;

namespace Allocation.Application.Subscriptions;

/// <summary>What a subscriber loop logs.</summary>
internal sealed partial class SubscriberLoop
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber {Subscriber} failed event {Position} ({Type}), attempt {Attempt} of {MaxAttempts}")]
    private static partial void LogAttemptFailed(ILogger logger, string subscriber, long position, string type, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscriber {Subscriber} parked event {Position} ({Type}) after {Attempts} attempts: {Error}")]
    private static partial void LogParked(ILogger logger, string subscriber, long position, string type, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber {Subscriber} replayed parked event {Position} ({Type})")]
    private static partial void LogReplayed(ILogger logger, string subscriber, long position, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber {Subscriber} lost its lease and stopped its handler; another process delivers the events after position {Checkpoint}")]
    private static partial void LogLeaseLost(ILogger logger, string subscriber, long checkpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscriber {Subscriber} could not read or advance; trying again after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, string subscriber, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber {Subscriber} could not release its lease; it lapses by itself")]
    private static partial void LogReleaseFailed(ILogger logger, string subscriber, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscriber {Subscriber} has stopped at position {Checkpoint}: retention deleted the log up to position {TrimmedThrough} before it read those events. " +
        "Nothing is delivered until an operator decides: POST /events/subscriptions/{Subscriber}/skip-trimmed goes on from the oldest event kept (docs/operations.md, \"A subscriber behind retention\")")]
    private static partial void LogTrimmed(ILogger logger, string subscriber, long checkpoint, long trimmedThrough);

    /// <summary>Logs a stop behind retention once per gap, not at every pass.</summary>
    private void ReportTrimmed(Errors.EventsTrimmedException trimmed)
    {
        if (_trimmedReported != trimmed.TrimmedThrough)
        {
            _trimmedReported = trimmed.TrimmedThrough;
            LogTrimmed(logger, subscriber.Name, trimmed.After, trimmed.TrimmedThrough);
        }
    }
}
