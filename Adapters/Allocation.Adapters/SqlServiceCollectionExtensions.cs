using Microsoft.Extensions.Diagnostics.HealthChecks;
using Allocation.Adapters.Sql;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The registration the SQLite and PostgreSQL packages share.</summary>
internal static class SqlAllocationServiceCollectionExtensions
{
    /// <summary>
    /// Refuses a missing connection string at registration, naming the store and what to pass: a
    /// null from <c>GetConnectionString</c> would otherwise surface later as an unnamed error.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is null, empty or blank.</exception>
    internal static string RequireConnectionString(string? connectionString, string store, string example) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new ArgumentException(
                $"No connection string for the {store} store: pass one such as \"{example}\". Read from configuration, " +
                "it is usually ConnectionStrings:Allocation (ConnectionStrings__Allocation in the environment).", nameof(connectionString))
            : connectionString;

    /// <summary>
    /// Registers a database opened on first use as the store, with its health check; a database
    /// registered before wins. Its <see cref="AllocationDatabaseOptions"/> come from the options system
    /// (bind them from <see cref="AllocationDatabaseOptions.SectionName"/> if you like), adjusted by
    /// <paramref name="configure"/>, and are validated when the host starts.
    /// </summary>
    internal static IServiceCollection AddAllocationDatabase(
        this IServiceCollection services, Action<AllocationDatabaseOptions>? configure, Func<AllocationDatabaseOptions, AllocationDatabase> open)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(AllocationDatabase)))
        {
            return services; // a database is registered already: it wins, like every TryAdd here
        }

        var options = services.AddOptions<AllocationDatabaseOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AllocationDatabaseOptions>, AllocationDatabaseOptionsValidator>());
        services.AddSingleton(provider => open(provider.GetRequiredService<IOptions<AllocationDatabaseOptions>>().Value));
        services.TryAddSingleton<IUnitOfWorkFactory>(provider => provider.GetRequiredService<AllocationDatabase>().UnitsOfWork);
        services.TryAddSingleton<IAllocationQueries>(provider => provider.GetRequiredService<AllocationDatabase>().Queries);
        services.TryAddSingleton<IOperatorQueries>(provider => provider.GetRequiredService<AllocationDatabase>().Operators);
        services.TryAddSingleton<IEventLog>(provider => provider.GetRequiredService<AllocationDatabase>().Events);
        services.TryAddSingleton<ISubscriptionStore>(provider => provider.GetRequiredService<AllocationDatabase>().Subscriptions);
        services.TryAddSingleton<IInbox>(provider => provider.GetRequiredService<AllocationDatabase>().Inbox);
        services.TryAddSingleton<IOutOfStockNotices>(provider => provider.GetRequiredService<AllocationDatabase>().Notices);
        services.TryAddSingleton<EventLogSignal>(provider => provider.GetRequiredService<AllocationDatabase>().Committed);
        services.AddHealthChecks()
            .AddCheck<AllocationDatabaseHealthCheck>(AllocationDatabaseHealthCheck.Name, tags: ["ready"])
            .AddCheck<EventLogHealthCheck>(EventLogHealthCheck.Name, failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        return services;
    }
}
