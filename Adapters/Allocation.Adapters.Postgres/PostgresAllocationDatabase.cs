using Allocation.Adapters.Postgres;

namespace Allocation.Adapters.Sql;

/// <summary>Opens PostgreSQL databases: <c>AllocationDatabase.Postgres(...)</c>.</summary>
public static class PostgresAllocationDatabase
{
    extension(AllocationDatabase)
    {
        /// <summary>Opens a PostgreSQL database, with an Npgsql connection string; connections are pooled.</summary>
        /// <param name="connectionString">The Npgsql connection string.</param>
        /// <param name="configure">Adjusts the settings.</param>
        /// <returns>The database; call <see cref="AllocationDatabase.MigrateAsync"/> before first use.</returns>
        /// <exception cref="ArgumentException">The connection string or a setting is invalid.</exception>
        public static AllocationDatabase Postgres(string connectionString, Action<AllocationDatabaseOptions>? configure = null) =>
            new(new PostgresEngine(connectionString, AllocationDatabase.Configure(configure)));

        internal static AllocationDatabase Postgres(string connectionString, AllocationDatabaseOptions options) =>
            new(new PostgresEngine(connectionString, options));
    }
}
