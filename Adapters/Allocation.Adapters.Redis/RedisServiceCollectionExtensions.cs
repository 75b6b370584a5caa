using Allocation.Adapters.Redis;
using Allocation.Application;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Connects Allocation to Redis.</summary>
public static class RedisAllocationServiceCollectionExtensions
{
    /// <summary>
    /// Relays every event to Redis (stream <c>allocation:events</c>, and allocations on the reference
    /// channel <c>line_allocated</c>) and consumes <c>change_batch_quantity</c> from the reference
    /// channel and the durable stream <c>allocation:change_batch_quantity</c>. Needs a store with an
    /// event log. The settings are <c>IOptions&lt;RedisOptions&gt;</c>, validated when the host starts.
    /// </summary>
    /// <param name="builder">The Allocation builder.</param>
    /// <param name="connection">A StackExchange.Redis connection string.</param>
    /// <param name="configure">Adjusts names and timings.</param>
    /// <returns>The builder.</returns>
    public static AllocationBuilder UseRedis(this AllocationBuilder builder, string connection, Action<RedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<RedisOptions>().Configure(o => o.Connection = connection).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        builder.Services.TryAddSingleton(provider => new RedisFormerNames(
            provider.GetService<ILogger<RedisFormerNames>>() ?? NullLogger<RedisFormerNames>.Instance));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<RedisOptions>, RedisFormerNames>(
            provider => provider.GetRequiredService<RedisFormerNames>()));
        builder.Services.TryAddSingleton<RedisConnection>();
        builder.Services.TryAddSingleton<RedisEventRelay>();
        builder.Services.TryAddSingleton<InboundSignal>();
        builder.Services.TryAddSingleton<InboundRetention>();
        builder.Services.TryAddSingleton<Allocation.Application.Ports.IParkedMessages, RedisParkedMessages>();
        builder.Services.AddHostedService<RedisPubSubBridge>();
        builder.Services.AddHostedService<RedisInboundConsumer>();
        return builder.OnEventPages(
            RedisEventRelay.SubscriberName,
            (page, context, _) => context.Services.GetRequiredService<RedisEventRelay>().RelayAsync(page)) // Redis calls take no token
            .HasSideEffects(RedisEventRelay.SubscriberName);
    }
}
