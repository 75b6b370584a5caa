using System.Data.Common;
using System.Globalization;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Writes a unit of work's statements and commits them, one of two ways:
/// <list type="bullet">
/// <item>where the dialect commits with the writes (PostgreSQL, ADR 0008): one batch, every row
/// count checked on the server, <c>COMMIT</c> at its end; one round trip;</item>
/// <item>otherwise (SQLite, in process): each statement with its row count checked here, then the
/// session's commit.</item>
/// </list>
/// </summary>
internal static class SqlCommit
{
    public static async Task RunAsync(SqlDialect dialect, SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken)
    {
        _ = session.TransactionForCommit(); // the writes run in it
        if (dialect.CommitCommand is { } commit && session.Connection.CanCreateBatch)
        {
            await BatchWithCommitAsync(dialect, session, writes, commit, cancellationToken).ConfigureAwait(false);
            return;
        }

        await OneByOneAsync(dialect, session, writes, cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task BatchWithCommitAsync(SqlDialect dialect, SqlSession session, IReadOnlyList<SqlWrite> writes, string commit, CancellationToken cancellationToken)
    {
        var batch = session.Connection.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.Transaction = session.Transaction;
            foreach (var write in writes)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = write.ExpectedRows is null ? write.Sql : dialect.ServerChecked(write)
                    ?? throw new InvalidOperationException($"The {dialect.Name} dialect commits with the writes but cannot check this one on the server: {write.Sql}");
                AddParameters(command.Parameters, command.CreateParameter, write);
                batch.BatchCommands.Add(command);
            }

            var commitCommand = batch.CreateBatchCommand();
            commitCommand.CommandText = commit;
            batch.BatchCommands.Add(commitCommand);
            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (dialect.FailedCommandIndex(e, batch) is { } index && index < writes.Count
                                        && Failed(dialect, writes[index], e) is { } failure)
            {
                throw failure;
            }
        }
    }

    private static async Task OneByOneAsync(SqlDialect dialect, SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            var command = session.Connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.Transaction = session.Transaction;
                command.CommandText = write.Sql;
                AddParameters(command.Parameters, command.CreateParameter, write);
                int rows;
                try
                {
                    rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbException e) when (Failed(dialect, write, e) is { } failure)
                {
                    throw failure;
                }

                CheckRows(write, rows);
            }
        }
    }

    /// <summary>What a write's own failure means, or <see langword="null"/> to let the unit of work translate it.</summary>
    private static Exception? Failed(SqlDialect dialect, SqlWrite write, DbException exception) => dialect.Classify(exception) switch
    {
        StoreFailure.UniqueViolation when write.Failure is { } failure => failure.Duplicate(),
        StoreFailure.UnexpectedRowCount => Unexpected(write, rows: null),
        _ => null,
    };

    private static void CheckRows(SqlWrite write, int rows)
    {
        if (write.ExpectedRows is { } expected && rows != expected)
        {
            throw Unexpected(write, rows);
        }
    }

    private static Exception Unexpected(SqlWrite write, int? rows) =>
        write.Failure?.UnexpectedRows() ?? new InvalidOperationException(
            $"Expected {write.ExpectedRows} row(s), got {rows?.ToString(CultureInfo.InvariantCulture) ?? "another number"}: {write.Sql}");

    private static void AddParameters(DbParameterCollection parameters, Func<DbParameter> create, SqlWrite write)
    {
        foreach (var (name, value) in write.Parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameters.Add(parameter);
        }
    }
}
