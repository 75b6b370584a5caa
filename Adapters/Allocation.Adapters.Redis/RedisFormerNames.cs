using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Allocation.Adapters.Redis;

/// <summary>
/// Keeps a 0.1 deployment working under the names 0.2 gave "parked" messages (0.1 called them dead
/// letters): the former settings <c>DeadLetterStream</c> and <c>DeadLetterStreamRetention</c> still
/// apply when the new ones are left at their defaults, and the former default stream
/// <c>allocation:dead_letters</c> is renamed <c>allocation:parked</c> when the consumer starts.
/// </summary>
internal sealed partial class RedisFormerNames(ILogger<RedisFormerNames> logger) : IPostConfigureOptions<RedisOptions>
{
    private static readonly TimeSpan DefaultParkedRetention = new RedisOptions().ParkedStreamRetention;
    private int _moved;

    public void PostConfigure(string? name, RedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
#pragma warning disable CS0618 // reading the former names is the point
        if (options.DeadLetterStream is { Length: > 0 } stream && options.ParkedStream == RedisOptions.DefaultParkedStream)
        {
            options.ParkedStream = stream;
            LogFormerSetting(logger, nameof(RedisOptions.DeadLetterStream), nameof(RedisOptions.ParkedStream));
        }

        if (options.DeadLetterStreamRetention is { } retention && options.ParkedStreamRetention == DefaultParkedRetention)
        {
            options.ParkedStreamRetention = retention;
            LogFormerSetting(logger, nameof(RedisOptions.DeadLetterStreamRetention), nameof(RedisOptions.ParkedStreamRetention));
        }
#pragma warning restore CS0618
    }

    /// <summary>Renames the former default stream to the parked stream, once per process, unless the parked stream exists already.</summary>
    public async Task MoveFormerStreamAsync(IDatabase database, RedisOptions options)
    {
        if (options.ParkedStream != RedisOptions.DefaultParkedStream || Interlocked.Exchange(ref _moved, 1) == 1
            || !await database.KeyExistsAsync(RedisOptions.FormerParkedStream).ConfigureAwait(false))
        {
            return;
        }

        if (await database.KeyRenameAsync(RedisOptions.FormerParkedStream, options.ParkedStream, When.NotExists).ConfigureAwait(false))
        {
            LogMoved(logger, RedisOptions.FormerParkedStream, options.ParkedStream);
        }
        else
        {
            LogBothExist(logger, RedisOptions.FormerParkedStream, options.ParkedStream);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Allocation:Redis:{Former} is the setting's 0.1 name; it applies, but rename it Allocation:Redis:{Current}")]
    private static partial void LogFormerSetting(ILogger logger, string former, string current);

    [LoggerMessage(Level = LogLevel.Information, Message = "Renamed Redis stream {Former} to {Current}: parked messages keep their ids and fields")]
    private static partial void LogMoved(ILogger logger, string former, string current);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis streams {Former} and {Current} both exist: the first holds messages parked by a 0.1 host. Requeue or delete them there (docs/operations.md); it is not trimmed")]
    private static partial void LogBothExist(ILogger logger, string former, string current);
}
