using Allocation.Adapters.Sql;
using Allocation.Application;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a PostgreSQL database as the Allocation store.</summary>
public static class PostgresAllocationServiceCollectionExtensions
{
    /// <summary>
    /// Registers a PostgreSQL <see cref="AllocationDatabase"/> as the store (with <c>AddAllocationApplication</c>),
    /// and its health check, tagged <c>ready</c>. A database registered before wins.
    /// Its settings are <c>IOptions&lt;AllocationDatabaseOptions&gt;</c>, adjusted by <paramref name="configure"/> and
    /// validated when the host starts. Run <see cref="AllocationDatabase.MigrateAsync"/> at start-up or in a deployment step.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">An Npgsql connection string; null (a missing configuration value) is refused with an error that says so.</param>
    /// <param name="configure">Adjusts the database settings.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null, empty or blank.</exception>
    public static IServiceCollection AddAllocationPostgres(this IServiceCollection services, string? connectionString, Action<AllocationDatabaseOptions>? configure = null)
    {
        var named = SqlAllocationServiceCollectionExtensions.RequireConnectionString(connectionString, "PostgreSQL", "Host=localhost;Database=allocation;Username=allocation");
        return services.AddAllocationDatabase(configure, options => AllocationDatabase.Postgres(named, options));
    }

    /// <summary>Uses a PostgreSQL database as the store; see <see cref="AddAllocationPostgres"/>.</summary>
    /// <param name="builder">The Allocation builder.</param>
    /// <param name="connectionString">An Npgsql connection string; null (a missing configuration value) is refused with an error that says so.</param>
    /// <param name="configure">Adjusts the database settings.</param>
    /// <returns>The builder.</returns>
    public static AllocationBuilder UsePostgres(this AllocationBuilder builder, string? connectionString, Action<AllocationDatabaseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAllocationPostgres(connectionString, configure);
        return builder;
    }
}
