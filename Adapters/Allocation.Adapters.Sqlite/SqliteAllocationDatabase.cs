using Allocation.Adapters.Sqlite;

namespace Allocation.Adapters.Sql;

/// <summary>Opens SQLite databases: <c>AllocationDatabase.Sqlite(...)</c>.</summary>
public static class SqliteAllocationDatabase
{
    extension(AllocationDatabase)
    {
        /// <summary>
        /// Opens a SQLite database. The connection string is a Microsoft.Data.Sqlite one, e.g.
        /// <c>Data Source=allocation.db</c>; foreign keys and the lock wait are set for you. For a fast
        /// throwaway database use <c>Data Source=name;Mode=Memory;Cache=Shared</c> (it lives as long as
        /// the returned object; readers then wait for writers).
        /// </summary>
        /// <param name="connectionString">The SQLite connection string.</param>
        /// <param name="configure">Adjusts the settings.</param>
        /// <returns>The database; call <see cref="AllocationDatabase.MigrateAsync"/> before first use.</returns>
        /// <exception cref="ArgumentException">The connection string or a setting is invalid.</exception>
        public static AllocationDatabase Sqlite(string connectionString, Action<AllocationDatabaseOptions>? configure = null) =>
            new(new SqliteEngine(connectionString, AllocationDatabase.Configure(configure)));

        internal static AllocationDatabase Sqlite(string connectionString, AllocationDatabaseOptions options) =>
            new(new SqliteEngine(connectionString, options));
    }
}
