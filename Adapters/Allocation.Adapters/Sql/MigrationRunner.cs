using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Applies the engine's versioned scripts (<c>Migrations/NNNN_name.sql</c> in its package) in order,
/// all in one transaction, and records each in <c>schema_versions</c>. Concurrent runners take
/// turns (PostgreSQL: an advisory lock; SQLite: the write lock), so the second finds nothing to do.
/// </summary>
internal sealed class MigrationRunner(SqlEngine engine)
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_versions (version integer PRIMARY KEY, name varchar(255) NOT NULL, applied_at varchar(40) NOT NULL);";

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await engine.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await engine.PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            var session = await engine.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var transaction = session.TransactionForCommit();
                var applied = await ApplyAsync(session.Connection, transaction, cancellationToken).ConfigureAwait(false);
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                return applied;
            }
        }
        catch (DbException e) when (engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await engine.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var current = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
                var latest = Scripts(engine).Max(script => script.Version);
                // Migrations only add, so a schema a newer build has moved on still serves this one.
                return current >= latest
                    ? null
                    : $"The {engine.Name} schema is at version {current?.ToString(CultureInfo.InvariantCulture) ?? "none (not migrated)"}; " +
                      $"this build needs {latest}. Run the migrations.";
            }
        }
        catch (DbException e)
        {
            return $"The {engine.Name} database cannot be reached: {e.Message}";
        }
    }

    /// <summary>The highest applied version, or <see langword="null"/> when the database answers but has never been migrated.</summary>
    private static async Task<int?> CurrentVersionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT MAX(version) FROM schema_versions;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // No version table: fine if the database itself answers (this throws if it does not).
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1;", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<IReadOnlyList<string>> ApplyAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        Task<int> Execute(string sql, object? parameters = null) =>
            connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

        if (engine.LockMigrations is { } takeTurn)
        {
            await Execute(takeTurn).ConfigureAwait(false);
        }

        await Execute(CreateVersionTable).ConfigureAwait(false);
        var done = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_versions;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet();
        var scripts = Scripts(engine);
        var latest = scripts.Max(script => script.Version);
        if (done.Count > 0 && done.Max() > latest)
        {
            throw new InvalidOperationException(
                $"The database's schema is at version {done.Max()}, newer than this build knows ({latest}). Deploy a newer build.");
        }

        var applied = new List<string>();
        foreach (var script in scripts.Where(script => !done.Contains(script.Version)))
        {
            await Execute(script.Sql).ConfigureAwait(false);
            await Execute(
                "INSERT INTO schema_versions (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt);",
                new { script.Version, script.Name, AppliedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) }).ConfigureAwait(false);
            applied.Add(script.Name);
        }

        await PositionCheck.RunAsync(engine, connection, transaction, cancellationToken).ConfigureAwait(false);
        return applied;
    }

    /// <summary>
    /// The engine's scripts, embedded in its own assembly as <c>Migrations/NNNN_name.sql</c>, in
    /// version order. Read once per assembly: the health check asks on every readiness probe.
    /// </summary>
    internal static IReadOnlyList<MigrationScript> Scripts(SqlEngine engine) =>
        ScriptsByAssembly.GetOrAdd(engine.GetType().Assembly, ReadScripts);

    private static readonly ConcurrentDictionary<Assembly, IReadOnlyList<MigrationScript>> ScriptsByAssembly = new();

    private static IReadOnlyList<MigrationScript> ReadScripts(Assembly assembly)
    {
        const string prefix = "Migrations/";
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name, Path.GetFileNameWithoutExtension(name[prefix.Length..])))
            .OrderBy(script => script.Version)];
    }

    private static MigrationScript Read(Assembly assembly, string resource, string name)
    {
        var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new MigrationScript(version, name, reader.ReadToEnd());
    }
}

/// <summary>One versioned schema change.</summary>
internal sealed record MigrationScript(int Version, string Name, string Sql);
