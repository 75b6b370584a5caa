using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Subscriptions;

/// <summary>
/// Registers the subscription runtime: the hosted <see cref="EventDispatcher"/> and its chores, each
/// given its dependencies through its constructor. A store without an event log, subscriptions or
/// inbox gets <see cref="NoEventLog"/> in their place.
/// </summary>
internal static class SubscriptionRuntime
{
    public static IServiceCollection AddSubscriptionRuntime(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(EventDispatcher)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new SubscriptionLag(Subscriptions(provider), Log(provider)));
        services.AddSingleton(provider => new SubscriberLoops(
            Log(provider), Subscriptions(provider), provider.GetService<EventLogSignal>() ?? new EventLogSignal(),
            provider.GetRequiredService<IServiceScopeFactory>(), Time(provider), Options(provider), Logger<EventDispatcher>(provider)));
        services.AddSingleton(provider => new EventLogTrimmer(Log(provider), Subscriptions(provider), Time(provider), Options(provider), Logger<EventLogTrimmer>(provider)));
        services.AddSingleton(provider => new InboxTrimmer(
            provider.GetService<IInbox>() ?? NoEventLog.Instance, Time(provider), Options(provider), Logger<InboxTrimmer>(provider)));
        services.AddSingleton(provider => new LagSampler(
            provider.GetRequiredService<SubscriptionLag>(), Log(provider), provider.GetServices<EventSubscriber>(), Time(provider), Options(provider),
            Logger<LagSampler>(provider)));
        services.AddSingleton(provider => new EventDispatcher(
            provider.GetServices<EventSubscriber>(), provider.GetRequiredService<SubscriberLoops>(), provider.GetRequiredService<EventLogTrimmer>(),
            provider.GetRequiredService<InboxTrimmer>(), provider.GetRequiredService<LagSampler>(), Log(provider), Options(provider),
            Logger<EventDispatcher>(provider)));
        return services.AddHostedService(provider => provider.GetRequiredService<EventDispatcher>());
    }

    private static IEventLog Log(IServiceProvider provider) => provider.GetService<IEventLog>() ?? NoEventLog.Instance;

    private static ISubscriptionStore Subscriptions(IServiceProvider provider) => provider.GetService<ISubscriptionStore>() ?? NoEventLog.Instance;

    private static TimeProvider Time(IServiceProvider provider) => provider.GetRequiredService<TimeProvider>();

    private static IOptions<EventsOptions> Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<EventsOptions>>();

    private static ILogger<T> Logger<T>(IServiceProvider provider) => provider.GetService<ILogger<T>>() ?? NullLogger<T>.Instance;
}
