using Allocation.Application;
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
    /// Registers <see cref="AllocationService"/> and its validated <see cref="AllocationOptions"/>.
    /// A store adapter must register <see cref="IUnitOfWorkFactory"/> and <see cref="IAllocationQueries"/>.
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
        services.TryAddSingleton(provider => new AllocationService(
            provider.GetRequiredService<IUnitOfWorkFactory>(),
            provider.GetRequiredService<IAllocationQueries>(),
            provider.GetRequiredService<IOptions<AllocationOptions>>(),
            provider.GetService<ILogger<AllocationService>>() ?? NullLogger<AllocationService>.Instance));
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
    /// <see cref="AllocationOptions"/> bound from the <c>Allocation</c> section of <paramref name="configuration"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root (or any section holding an <c>Allocation</c> section).</param>
    /// <param name="configure">Chooses the store and adjusts the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAllocation(this IServiceCollection services, IConfiguration configuration, Action<AllocationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AllocationOptions>().Bind(configuration.GetSection(AllocationOptions.SectionName));
        return services.AddAllocation(configure);
    }
}
