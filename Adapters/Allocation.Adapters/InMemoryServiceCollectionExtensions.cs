using Allocation.Adapters.InMemory;
using Allocation.Application;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the in-memory store.</summary>
public static class InMemoryAllocationServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="InMemoryAllocationStore"/> as the store of the application layer
    /// (call <c>AddAllocationApplication</c> too). Uses <c>TryAdd</c>, so anything registered before wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts how units of work treat other writers (<c>IOptions&lt;InMemoryUnitOfWorkOptions&gt;</c>, validated when the host starts).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAllocationInMemory(this IServiceCollection services, Action<InMemoryUnitOfWorkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<InMemoryUnitOfWorkOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InMemoryUnitOfWorkOptions>, InMemoryUnitOfWorkOptionsValidator>());
        services.TryAddSingleton<InMemoryAllocationStore>();
        services.TryAddSingleton<IUnitOfWorkFactory>(provider => new InMemoryUnitOfWorkFactory(
            provider.GetRequiredService<InMemoryAllocationStore>(), provider.GetRequiredService<IOptions<InMemoryUnitOfWorkOptions>>().Value));
        services.TryAddSingleton<IAllocationQueries>(provider => new InMemoryAllocationQueries(provider.GetRequiredService<InMemoryAllocationStore>()));
        services.TryAddSingleton<IOperatorQueries>(provider => new InMemoryOperatorQueries(provider.GetRequiredService<InMemoryAllocationStore>()));
        services.TryAddSingleton<IEventLog>(provider => new InMemoryEventLog(provider.GetRequiredService<InMemoryAllocationStore>()));
        services.TryAddSingleton(provider => provider.GetRequiredService<InMemoryAllocationStore>().Committed);
        services.TryAddSingleton<ISubscriptionStore, InMemorySubscriptionStore>();
        services.TryAddSingleton<IOutOfStockNotices, InMemoryOutOfStockNotices>();
        services.TryAddSingleton<IInbox>(provider => new InMemoryInbox(provider.GetRequiredService<InMemoryAllocationStore>()));
        return services;
    }

    /// <summary>Uses the in-memory store (nothing survives the process): for tests, demos and prototypes.</summary>
    /// <param name="builder">The Allocation builder.</param>
    /// <param name="configure">Adjusts how units of work treat other writers.</param>
    /// <returns>The builder.</returns>
    public static AllocationBuilder UseInMemory(this AllocationBuilder builder, Action<InMemoryUnitOfWorkOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAllocationInMemory(configure);
        return builder;
    }
}
