using System.Data.Common;
using System.Globalization;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Writes a unit of work's statements and commits them, in as few round trips as the dialect
/// allows: one, with <c>COMMIT</c> at the end of the batch, where the dialect checks every row
/// count on the server (ADR 0008); otherwise the batch, the counts checked here, then <c>COMMIT</c>.
/// </summary>
internal static class SqlCommit
{
    public static async Task RunAsync(SqlDialect dialect, SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken)
    {
        _ = session.TransactionForCommit(); // the batch runs in it
        var commitInBatch = dialect.CommitCommand is not null && session.Connection.CanCreateBatch;
        if (writes.Count > 0)
        {
            if (session.Connection.CanCreateBatch)
            {
                await BatchAsync(dialect, session, writes, commitInBatch, cancellationToken).ConfigureAwait(false);
                if (commitInBatch)
                {
                    return;
                }
            }
            else
            {
                await OneByOneAsync(dialect, session, writes, cancellationToken).ConfigureAwait(false);
            }
        }

        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task BatchAsync(SqlDialect dialect, SqlSession session, IReadOnlyList<SqlWrite> writes, bool commit, CancellationToken cancellationToken)
    {
        var batch = session.Connection.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.Transaction = session.Transaction;
            var checkedOnServer = new bool[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                string? serverChecked = null;
                if (commit && write.ExpectedRows is not null)
                {
                    serverChecked = dialect.ServerChecked(write)
                        ?? throw new InvalidOperationException($"The {dialect.Name} dialect commits with the writes but cannot check this one on the server: {write.Sql}");
                }

                checkedOnServer[i] = serverChecked is not null;
                var command = batch.CreateBatchCommand();
                command.CommandText = serverChecked ?? write.Sql;
                AddParameters(command.Parameters, command.CreateParameter, write);
                batch.BatchCommands.Add(command);
            }

            if (commit)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = dialect.CommitCommand!;
                batch.BatchCommands.Add(command);
            }

            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (dialect.FailedCommandIndex(e, batch) is { } index && index < writes.Count
                                        && Failed(dialect, writes[index], e) is { } failure)
            {
                throw failure;
            }

            for (var i = 0; i < writes.Count; i++)
            {
                if (!checkedOnServer[i])
                {
                    CheckRows(writes[i], batch.BatchCommands[i].RecordsAffected);
                }
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
