using Allocation.Application;
using Allocation.Application.Ports;
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
        var options = services.AddOptions<AllocationOptions>();
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
}
