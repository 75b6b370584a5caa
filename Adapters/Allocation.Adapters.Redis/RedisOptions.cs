using Microsoft.Extensions.Options;

namespace Allocation.Adapters.Redis;

/// <summary>Where Allocation talks to Redis, and under which names (configuration section <c>Allocation:Redis</c>).</summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section a host binds these options from.</summary>
    public const string SectionName = "Allocation:Redis";

    /// <summary>A StackExchange.Redis connection string, e.g. <c>localhost:6380,password=...</c>.</summary>
    public string Connection { get; set; } = "";

    /// <summary>The stream every event is appended to, with its log position as its id. Default <c>allocation:events</c>.</summary>
    public string EventsStream { get; set; } = "allocation:events";

    /// <summary>The pub/sub channel each allocation is published on, as the reference service does. Default <c>line_allocated</c>.</summary>
    public string AllocatedChannel { get; set; } = "line_allocated";

    /// <summary>The pub/sub channel batch quantity changes arrive on, as the reference service takes them. Default <c>change_batch_quantity</c>.</summary>
    public string ChangeBatchQuantityChannel { get; set; } = "change_batch_quantity";

    /// <summary>The durable stream batch quantity changes arrive on (read by a consumer group). Default <c>allocation:change_batch_quantity</c>.</summary>
    public string ChangeBatchQuantityStream { get; set; } = "allocation:change_batch_quantity";

    /// <summary>The default of <see cref="ParkedStream"/>.</summary>
    public const string DefaultParkedStream = "allocation:parked";

    /// <summary>Where 0.1 parked inbound messages, under the name "dead letters"; moved to <see cref="DefaultParkedStream"/> at start.</summary>
    public const string FormerParkedStream = "allocation:dead_letters";

    /// <summary>
    /// The stream inbound messages that cannot be handled are parked in, each with its reason, until
    /// an operator requeues or deletes them. Default <c>allocation:parked</c>.
    /// </summary>
    public string ParkedStream { get; set; } = DefaultParkedStream;

    /// <summary>The name <see cref="ParkedStream"/> had in 0.1; when set, and <see cref="ParkedStream"/> is not, it is used as that.</summary>
    [Obsolete("Renamed ParkedStream (Allocation:Redis:ParkedStream).")]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public string? DeadLetterStream { get; set; }

    /// <summary>The consumer group of the inbound stream; hosts in one group share its messages. Default <c>allocation</c>.</summary>
    public string ConsumerGroup { get; set; } = "allocation";

    /// <summary>How often the inbound stream is read when nothing woke the reader. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a message may stay unacknowledged by a consumer before another claims it. Default 30 s.</summary>
    public TimeSpan ClaimAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>About how many entries the events stream keeps (trimmed approximately). Default 1,000,000.</summary>
    public int EventsStreamMaxLength { get; set; } = 1_000_000;

    /// <summary>
    /// How many times an inbound message is delivered, whatever became of each try (a store
    /// timeout, a failure, a consumer that stopped or crashed), before it is parked with its reason. Tries are spaced 1, 2, 4... s apart (at most 30 s). Default 5.
    /// </summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>How long handled messages stay in the inbound stream; a message no group has handled is never trimmed. Default 1 day.</summary>
    public TimeSpan ChangeBatchQuantityStreamRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long parked messages stay in <see cref="ParkedStream"/>. Default 7 days.</summary>
    public TimeSpan ParkedStreamRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The name <see cref="ParkedStreamRetention"/> had in 0.1; when set, and <see cref="ParkedStreamRetention"/> is not, it is used as that.</summary>
    [Obsolete("Renamed ParkedStreamRetention (Allocation:Redis:ParkedStreamRetention).")]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public TimeSpan? DeadLetterStreamRetention { get; set; }

    /// <summary>How long a consumer with nothing pending may stay idle before it is removed from the group. Default 1 hour.</summary>
    public TimeSpan IdleConsumerRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the inbound and parked streams are trimmed and idle consumers removed. Default 1 minute.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Checks <see cref="RedisOptions"/> when the host starts, naming each wrong setting.</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var failures = new List<string>();
        void Required(string setting, string value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{RedisOptions.SectionName}:{setting} is required.");
            }
        }

        Required(nameof(options.Connection), options.Connection);
        Required(nameof(options.EventsStream), options.EventsStream);
        Required(nameof(options.AllocatedChannel), options.AllocatedChannel);
        Required(nameof(options.ChangeBatchQuantityChannel), options.ChangeBatchQuantityChannel);
        Required(nameof(options.ChangeBatchQuantityStream), options.ChangeBatchQuantityStream);
        Required(nameof(options.ParkedStream), options.ParkedStream);
        Required(nameof(options.ConsumerGroup), options.ConsumerGroup);
        if (options.PollInterval < TimeSpan.FromMilliseconds(1) || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{RedisOptions.SectionName}:PollInterval must be between 00:00:00.001 and 00:01:00 (got {options.PollInterval}).");
        }

        if (options.ClaimAfter < TimeSpan.FromSeconds(1) || options.ClaimAfter > TimeSpan.FromHours(1))
        {
            failures.Add($"{RedisOptions.SectionName}:ClaimAfter must be between 00:00:01 and 01:00:00 (got {options.ClaimAfter}).");
        }

        if (options.MaxDeliveries is < 1 or > 100)
        {
            failures.Add($"{RedisOptions.SectionName}:MaxDeliveries must be between 1 and 100 (got {options.MaxDeliveries}).");
        }

        void AtLeastASecond(string setting, TimeSpan value)
        {
            if (value < TimeSpan.FromSeconds(1))
            {
                failures.Add($"{RedisOptions.SectionName}:{setting} must be at least 00:00:01 (got {value}).");
            }
        }

        AtLeastASecond(nameof(options.ChangeBatchQuantityStreamRetention), options.ChangeBatchQuantityStreamRetention);
        AtLeastASecond(nameof(options.ParkedStreamRetention), options.ParkedStreamRetention);
        AtLeastASecond(nameof(options.IdleConsumerRetention), options.IdleConsumerRetention);
        if (options.RetentionInterval < TimeSpan.FromMilliseconds(100) || options.RetentionInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{RedisOptions.SectionName}:RetentionInterval must be between 00:00:00.1 and 01:00:00 (got {options.RetentionInterval}).");
        }

        if (options.EventsStreamMaxLength < 1000)
        {
            failures.Add($"{RedisOptions.SectionName}:EventsStreamMaxLength must be at least 1000 (got {options.EventsStreamMaxLength}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
