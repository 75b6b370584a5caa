using Allocation.Adapters.Sql;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a SQL database as the Allocation store.</summary>
public static class SqlAllocationServiceCollectionExtensions
{
    /// <summary>
    /// Registers a SQLite <see cref="AllocationDatabase"/> as the store (call <c>AddAllocationApplication</c>
    /// too), and its health check, tagged <c>ready</c>. Uses <c>TryAdd</c>, so anything registered before wins.
    /// Run <see cref="AllocationDatabase.MigrateAsync"/> at start-up or in a deployment step.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=allocation.db</c>.</param>
    /// <param name="configure">Adjusts the database settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAllocationSqlite(this IServiceCollection services, string connectionString, Action<AllocationDatabaseOptions>? configure = null) =>
        services.AddAllocationDatabase(() => AllocationDatabase.Sqlite(connectionString, configure));

    /// <summary>
    /// Registers a PostgreSQL <see cref="AllocationDatabase"/> as the store (call <c>AddAllocationApplication</c>
    /// too), and its health check, tagged <c>ready</c>. Uses <c>TryAdd</c>, so anything registered before wins.
    /// Run <see cref="AllocationDatabase.MigrateAsync"/> at start-up or in a deployment step.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Adjusts the database settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddAllocationPostgres(this IServiceCollection services, string connectionString, Action<AllocationDatabaseOptions>? configure = null) =>
        services.AddAllocationDatabase(() => AllocationDatabase.Postgres(connectionString, configure));

    private static IServiceCollection AddAllocationDatabase(this IServiceCollection services, Func<AllocationDatabase> open)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(AllocationDatabase)))
        {
            return services; // a database is registered already: it wins, like every TryAdd here
        }

        services.AddSingleton(_ => open());
        services.TryAddSingleton<IUnitOfWorkFactory>(provider => provider.GetRequiredService<AllocationDatabase>().UnitsOfWork);
        services.TryAddSingleton<IAllocationQueries>(provider => provider.GetRequiredService<AllocationDatabase>().Queries);
        services.AddHealthChecks().AddCheck<AllocationDatabaseHealthCheck>(AllocationDatabaseHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
