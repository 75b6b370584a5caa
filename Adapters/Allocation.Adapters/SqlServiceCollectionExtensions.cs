using Allocation.Adapters.Sql;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The registration the SQLite and PostgreSQL packages share.</summary>
internal static class SqlAllocationServiceCollectionExtensions
{
    /// <summary>Registers a database opened on first use as the store, with its health check; a database registered before wins.</summary>
    internal static IServiceCollection AddAllocationDatabase(this IServiceCollection services, Func<AllocationDatabase> open)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(AllocationDatabase)))
        {
            return services; // a database is registered already: it wins, like every TryAdd here
        }

        services.AddSingleton(_ => open());
        services.TryAddSingleton<IUnitOfWorkFactory>(provider => provider.GetRequiredService<AllocationDatabase>().UnitsOfWork);
        services.TryAddSingleton<IAllocationQueries>(provider => provider.GetRequiredService<AllocationDatabase>().Queries);
        services.TryAddSingleton<IEventLog>(provider => provider.GetRequiredService<AllocationDatabase>().Events);
        services.TryAddSingleton<ISubscriptionStore>(provider => provider.GetRequiredService<AllocationDatabase>().Subscriptions);
        services.TryAddSingleton<EventLogSignal>(provider => provider.GetRequiredService<AllocationDatabase>().Committed);
        services.AddHealthChecks().AddCheck<AllocationDatabaseHealthCheck>(AllocationDatabaseHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
