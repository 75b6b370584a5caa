using Allocation.Application;
using Allocation.Application.Commands;
using Allocation.Application.Events;
using Allocation.Application.Reads;
using Allocation.Application.Subscriptions;
using Allocation.Application.UseCases;
using Allocation.Domain;
using Allocation.Application.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Allocation application layer.</summary>
public static class AllocationApplicationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AllocationService"/> and its validated <see cref="AllocationOptions"/>, the
    /// <see cref="CommandInvoker"/> with a singleton handler for each command (<c>TryAdd</c>: register your own first to replace one), and the
    /// hosted service that delivers the event log to subscribers, with <see cref="SubscriptionLag"/>.
    /// A store adapter must register <see cref="IUnitOfWorkFactory"/> and <see cref="IAllocationQueries"/>,
    /// and for events <see cref="IEventLog"/>, <see cref="ISubscriptionStore"/> and <see cref="EventLogSignal"/>.
    /// Uses <c>TryAdd</c>, so anything registered before wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options (applied after any configuration binding).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAllocationApplication(this IServiceCollection services, Action<AllocationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AllocationOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AllocationOptions>, AllocationOptionsValidator>());
        services.TryAddSingleton<CommandInvoker>();
        services.TryAddSingleton(provider => new UnitOfWorkRunner(
            provider.GetRequiredService<IUnitOfWorkFactory>(),
            provider.GetRequiredService<IOptions<AllocationOptions>>().Value.Retry,
            provider.GetService<ILogger<AllocationService>>() ?? NullLogger<AllocationService>.Instance));
        services.TryAddSingleton<ICommandHandler<AddBatch, string>>(provider => new AddBatchHandler(provider.GetRequiredService<UnitOfWorkRunner>()));
        services.TryAddSingleton<ICommandHandler<Allocate, AllocationResult>>(provider => new AllocateHandler(
            provider.GetRequiredService<UnitOfWorkRunner>(),
            provider.GetRequiredService<IOptions<AllocationOptions>>().Value,
            provider.GetRequiredService<IUnitOfWorkFactory>().ConcurrentWriters));
        services.TryAddSingleton<ICommandHandler<Deallocate, string>>(provider => new DeallocateHandler(provider.GetRequiredService<UnitOfWorkRunner>()));
        services.TryAddSingleton<ICommandHandler<ChangeBatchQuantity, BatchQuantityChange?>>(provider =>
            new ChangeBatchQuantityHandler(provider.GetRequiredService<UnitOfWorkRunner>()));
        services.TryAddSingleton<ICommandHandler<ImportBatches, IReadOnlyList<BatchImportOutcome>>>(provider => new ImportBatchesHandler(
            provider.GetRequiredService<UnitOfWorkRunner>(),
            provider.GetRequiredService<IAllocationQueries>(),
            provider.GetRequiredService<ICommandHandler<AddBatch, string>>()));
        services.AddOptions<EventsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<EventsOptions>, EventsFormerNames>(
            provider => new EventsFormerNames(provider.GetService<ILogger<EventsFormerNames>>() ?? NullLogger<EventsFormerNames>.Instance)));
        services.AddSubscriptionRuntime();

        services.TryAddSingleton(provider => new AllocationService(
            provider.GetRequiredService<CommandInvoker>(), provider.GetRequiredService<IAllocationQueries>()));
        return services;
    }

    /// <summary>
    /// Registers Allocation in one line: the application layer and a store, chosen on the builder
    /// (<c>UseSqlite</c>, <c>UsePostgres</c> or <c>UseInMemory</c>, from the adapter packages).
    /// Everything is registered with <c>TryAdd</c>, so anything registered before wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses the store and adjusts the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAllocation(this IServiceCollection services, Action<AllocationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddAllocationApplication();
        configure(new AllocationBuilder(services));
        return services;
    }

    /// <summary>
    /// As <see cref="AddAllocation(IServiceCollection, Action{AllocationBuilder})"/>, with
    /// <see cref="AllocationOptions"/> bound from the <c>Allocation</c> section of <paramref name="configuration"/>
    /// and <see cref="EventsOptions"/> from <c>Allocation:Events</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (or any section holding an <c>Allocation</c> section).</param>
    /// <param name="configure">Chooses the store and adjusts the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAllocation(this IServiceCollection services, IConfiguration configuration, Action<AllocationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AllocationOptions>().Bind(configuration.GetSection(AllocationOptions.SectionName));
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.SectionName));
        return services.AddAllocation(configure);
    }
}
