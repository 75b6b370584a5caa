using Allocation.Adapters.Sql;
using Allocation.Application;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a SQLite database as the Allocation store.</summary>
public static class SqliteAllocationServiceCollectionExtensions
{
    /// <summary>
    /// Registers a SQLite <see cref="AllocationDatabase"/> as the store (with <c>AddAllocationApplication</c>),
    /// and its health check, tagged <c>ready</c>. A database registered before wins.
    /// Its settings are <c>IOptions&lt;AllocationDatabaseOptions&gt;</c>, adjusted by <paramref name="configure"/> and
    /// validated when the host starts. Run <see cref="AllocationDatabase.MigrateAsync"/> at start-up or in a deployment step.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=allocation.db</c>; null (a missing configuration value) is refused with an error that says so.</param>
    /// <param name="configure">Adjusts the database settings.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is null, empty or blank.</exception>
    public static IServiceCollection AddAllocationSqlite(this IServiceCollection services, string? connectionString, Action<AllocationDatabaseOptions>? configure = null)
    {
        var named = SqlAllocationServiceCollectionExtensions.RequireConnectionString(connectionString, "SQLite", "Data Source=allocation.db");
        return services.AddAllocationDatabase(configure, options => AllocationDatabase.Sqlite(named, options));
    }

    /// <summary>Uses a SQLite database as the store; see <see cref="AddAllocationSqlite"/>.</summary>
    /// <param name="builder">The Allocation builder.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=allocation.db</c>; null (a missing configuration value) is refused with an error that says so.</param>
    /// <param name="configure">Adjusts the database settings.</param>
    /// <returns>The builder.</returns>
    public static AllocationBuilder UseSqlite(this AllocationBuilder builder, string? connectionString, Action<AllocationDatabaseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAllocationSqlite(connectionString, configure);
        return builder;
    }
}
