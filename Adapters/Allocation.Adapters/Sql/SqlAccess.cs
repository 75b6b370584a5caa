using System.Data.Common;

namespace Allocation.Adapters.Sql;

/// <summary>
/// The two ways the read side, the event log and the subscription store reach a database: a read
/// on a pooled connection with no transaction, and a one-statement write that takes its turn like
/// a unit of work. Provider errors come out as Allocation's own.
/// </summary>
internal static class SqlAccess
{
    public static async Task<T> ReadAsync<T>(this SqlEngine engine, Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await engine.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await read(connection).ConfigureAwait(false);
            }
        }
        catch (DbException e) when (engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    public static async Task<T> WriteAsync<T>(this SqlEngine engine, Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            var session = await engine.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var transaction = session.TransactionForCommit();
                var result = await write(session.Connection, transaction).ConfigureAwait(false);
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
        catch (DbException e) when (engine.Translate(e) is { } translated)
        {
            throw translated;
        }
    }
}
